// Package tui is the terminal layer of interactive top: it puts the terminal in the nearly
// raw mode top uses, draws whole screens the way top 4.0.2 draws them under TERM=xterm,
// decodes keys, reads prompt lines, and guarantees the terminal is restored however the
// program ends (return, signal, panic). It knows nothing about top's contents: those come
// from an App. See docs/tui.md.
package tui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// App is what Run drives.
//
// Run calls Render for every frame, Key for every key press and Delay before every wait, all
// from the goroutine that called Run, never concurrently.
type App interface {
	// Render returns the whole screen for a terminal of width columns and height rows: lines
	// separated by '\n' (a final '\n' is allowed), each at most width columns wide (Run does
	// not truncate: a line may hold SGR escape sequences such as "\033[1m" or "\033[7m",
	// which Run cannot measure). Lines beyond height are dropped. Run adds the cursor
	// movement and clearing: cursor home before the first line, clear-to-end-of-line after
	// each, and clear-to-end-of-screen when there are fewer lines than rows.
	Render(width, height int) []byte

	// Key handles one key press. p shows prompts and messages on the message line while
	// Key runs (Run is waiting for nothing else meanwhile; a terminating signal makes every
	// prompt return ok false). Returning true ends Run, which restores the terminal and
	// returns nil. After Key returns Run renders a new frame at once, whatever the key was
	// (so an unknown key or a space is an immediate refresh, as in top).
	Key(k Key, p Prompter) (quit bool)

	// Delay is how long to wait for a key before the next frame (top's -d / 'd'). It is
	// asked again after every frame, so a changed delay applies at the next wait. Values
	// <= 0 refresh continuously.
	Delay() time.Duration
}

// MessageRower is implemented by an App whose message line (where prompts and messages show)
// is not the first row. top uses the row after the summary area. The row is 0-based and
// asked at each prompt or message; out-of-screen rows are clamped.
type MessageRower interface {
	MessageRow() int
}

// Clearer is implemented by an App that wants the whole screen cleared before some frames
// (top clears it when it opens its field-management screen). ClearScreen is asked after
// each Render; true writes clear-screen before that frame instead of cursor-home.
type Clearer interface {
	ClearScreen() bool
}

// MessageStyler is implemented by an App whose messages and prompts are not in the default
// reverse video and bold (top writes them in its message colour when colours are on):
// MessageCaps gives the escape sequences written before a message and before a prompt's
// text; it is asked at each message and prompt.
type MessageStyler interface {
	MessageCaps() (message, prompt string)
}

// messageCaps are the app's message and prompt sequences, or reverse video and bold.
func (t *term) messageCaps() (string, string) {
	if m, ok := t.app.(MessageStyler); ok {
		return m.MessageCaps()
	}
	return seqReverse, seqBold
}

// Finisher is implemented by an App that ends by itself after some frames (top's -n):
// Finished is asked after every frame is on the screen, and true ends Run (result nil)
// without waiting.
type Finisher interface {
	Finished() bool
}

// Prompter is the message-line facility an App gets in Key.
type Prompter interface {
	// Prompt shows text plus one space in bold on the message line, shows the cursor and
	// reads a line with editing (see Editor). ok is true for Enter (line may be empty),
	// false for Esc or when the program is being ended by a signal; the App then must not
	// act on the line. Lines accepted by Prompt form one history (Up/Down).
	Prompt(text string) (line string, ok bool)

	// Message shows msg in reverse video on the message line and holds it for
	// Options.MessageHold (top's 1.25 s) so it can be read before the next frame replaces
	// it. A terminating signal cuts the hold short.
	Message(msg string)

	// Size is the current terminal size.
	Size() (width, height int)
}

// Options tune Run. The zero value is what top needs.
type Options struct {
	// In is the terminal to read keys from and to set the mode of. nil: standard input, as
	// for top (Run fails with ErrNotTerminal when it is not a terminal), reopened through
	// /proc/self/fd/0 non-blocking (a new open file description, so the shell's stdin
	// keeps its flags). A file given here should be non-blocking (os.NewFile of a
	// descriptor opened with O_NONBLOCK) so that Run can stop its reader when it returns;
	// a blocking one works, but its reader goroutine outlives Run and takes one more read.
	In *os.File
	// Out receives the screen. nil: os.Stdout.
	Out *os.File
	// AltScreen switches to the alternate screen while running and back at the end. top
	// 4.0.2 does not (it clears the main screen and, at the end, leaves the last frame with
	// the shell prompt below it), so the default is false.
	AltScreen bool
	// EscTimeout is how long an ESC waits for the rest of an escape sequence before it
	// counts as the Esc key. 0: 50ms.
	EscTimeout time.Duration
	// MessageHold is how long Prompter.Message keeps a message up. 0: 1.25s (top's
	// MSG_USLEEP); negative: no hold.
	MessageHold time.Duration
}

// SignalError is Run's result when a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
// SIGUSR1, SIGUSR2, SIGALRM) ended it. The terminal is restored. top exits with status 0 in
// that case (its sig_endpgm calls bye_bye → exit(EXIT_SUCCESS)).
type SignalError struct {
	Signal os.Signal
}

func (e *SignalError) Error() string { return "terminated by " + e.Signal.String() }

// ErrNotTerminal is returned (wrapped) when the input is not a terminal.
var ErrNotTerminal = errors.New("not a terminal")

// Escape sequences, as top 4.0.2 emits them from the xterm terminfo entry.
const (
	seqKeypadXmit  = "\033[?1h\033=" // smkx
	seqKeypadLocal = "\033[?1l\033>" // rmkx
	seqCursorHide  = "\033[?25l"     // civis
	seqCursorNorm  = "\033[?12l\033[?25h"
	seqCursorHuge  = "\033[?12;25h" // cvvis
	seqHome        = "\033[H"
	seqClear       = "\033[H\033[2J"
	seqClrEOL      = "\033[K"
	seqClrEOS      = "\033[J"
	seqSGR0        = "\033(B\033[m\033[39;49m" // top's Caps_off: sgr0 and orig_pair
	seqBold        = "\033[1m"
	seqReverse     = "\033[7m"
	seqAltOn       = "\033[?1049h"
	seqAltOff      = "\033[?1049l"
)

// terminating are the signals that end Run (top's sig_endpgm set).
var terminating = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGPIPE, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM}

type term struct {
	app    App
	opt    Options
	in     *os.File
	out    *os.File
	ownIn  bool
	fd     uintptr
	outFd  uintptr
	orig   *syscall.Termios
	raw    *syscall.Termios
	mu     sync.Mutex // held by restore: Run's and the watchdog's
	active bool       // raw mode and screen set up (restore needed)
	width  int
	height int

	chunks  chan []byte // nil once closed
	reader  chan []byte // the reader's channel, for stopReader
	sigs    chan os.Signal
	pending []byte
	keys    []Key
	ending  os.Signal // a terminating signal arrived
	history []string
	cursor  bool // cursor visible
	homed   bool // the screen was just cleared: the cursor is home already
}

// Run sets up the terminal, runs app until its Key returns true (result nil) or a
// terminating signal arrives (result *SignalError), and restores the terminal. The terminal
// is restored on every path out of Run, including a panic in the App, which Run re-panics
// after restoring. It handles SIGWINCH (new size, new frame), SIGTSTP (restore, stop, and on
// SIGCONT set up again and redraw) and SIGCONT. A panic in another goroutine of the program
// cannot be caught here and leaves the terminal as it was; so does os.Exit.
func Run(app App, opt *Options) (err error) {
	t := &term{app: app}
	if opt != nil {
		t.opt = *opt
	}
	if t.opt.EscTimeout <= 0 {
		t.opt.EscTimeout = 50 * time.Millisecond
	}
	if t.opt.MessageHold == 0 {
		t.opt.MessageHold = 1250 * time.Millisecond
	}
	t.out = t.opt.Out
	if t.out == nil {
		t.out = os.Stdout
	}
	t.in = t.opt.In
	if t.in == nil {
		// top's terminal is its standard input: fail as top does when that is no terminal.
		if _, err := machine.Termios(0); err != nil {
			return fmt.Errorf("%w: standard input: %v", ErrNotTerminal, err)
		}
		// Reopen it through /proc (a new open file description of the same terminal, so
		// O_NONBLOCK does not leak to the shell's stdin). Non-blocking and never put through
		// Fd() (which would make it blocking), the file is served by the runtime poller and
		// a read deadline can stop the reader at the end.
		fd, err := syscall.Open("/proc/self/fd/0", syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
		if err != nil {
			fd, err = syscall.Open("/dev/tty", syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
		}
		if err != nil {
			// Last resort: stdin itself, read blocking (the reader cannot be stopped then).
			t.in, t.fd = os.Stdin, os.Stdin.Fd()
		} else {
			t.in = os.NewFile(uintptr(fd), "tty")
			t.fd = uintptr(fd)
			t.ownIn = true
		}
	} else {
		t.fd = fdOf(t.in)
	}
	t.outFd = fdOf(t.out)
	orig, err := machine.Termios(int(t.fd))
	if err != nil {
		if t.ownIn {
			t.in.Close()
		}
		return fmt.Errorf("%w: %v", ErrNotTerminal, err)
	}
	t.orig = orig
	t.raw = rawMode(orig)

	t.sigs = make(chan os.Signal, 16)
	signal.Notify(t.sigs, append(terminating, syscall.SIGWINCH, syscall.SIGTSTP, syscall.SIGCONT)...)
	ends := make(chan os.Signal, 1)
	signal.Notify(ends, terminating...)
	finished := make(chan struct{})
	go t.watchdog(ends, finished)

	defer func() {
		r := recover()
		t.restore()
		signal.Stop(t.sigs)
		signal.Stop(ends)
		close(finished)
		t.stopReader()
		if r != nil {
			panic(r)
		}
	}()

	if err := t.enter(true); err != nil {
		return err
	}
	t.startReader()
	return t.loop()
}

// enter puts the terminal in raw mode and draws nothing yet; clear clears the screen.
func (t *term) enter(clear bool) error {
	if err := machine.SetTermios(int(t.fd), t.raw); err != nil {
		return fmt.Errorf("tcsetattr: %w", err)
	}
	t.mu.Lock()
	t.active = true
	t.mu.Unlock()
	var b bytes.Buffer
	if t.opt.AltScreen {
		b.WriteString(seqAltOn)
	}
	b.WriteString(seqKeypadXmit)
	b.WriteString(seqCursorHide)
	t.cursor = false
	if clear {
		b.WriteString(seqClear)
		t.homed = true
	}
	t.write(b.Bytes())
	t.querySize()
	return nil
}

// StuckGrace is how long a terminating signal waits for Run's loop before the watchdog ends
// the program itself.
var StuckGrace = time.Second

// watchdog ends the program when a terminating signal arrives while the App is stuck: Run's
// loop takes signals only between calls into the App, and a Render whose read never returns
// (a hung FUSE /proc file; internal/machine's blocking-aware reads leave this goroutine free
// to run) would never get to it. After StuckGrace it restores the terminal and exits with
// status 0, top's sig_endpgm's.
func (t *term) watchdog(ends <-chan os.Signal, finished <-chan struct{}) {
	select {
	case <-ends:
	case <-finished:
		return
	}
	timer := time.NewTimer(StuckGrace)
	select {
	case <-finished:
		timer.Stop()
		return
	case <-timer.C:
	}
	t.mu.Lock()
	if !t.active {
		t.mu.Unlock() // Run is on its way out (or stopped): it ends the program
		return
	}
	t.restoreLocked()
	os.Exit(0)
}

// restore undoes enter, as top's at_eoj does: keypad local, cursor to the bottom row and a
// newline (so the shell prompt comes below the last frame), cursor normal, line cleared;
// and the original terminal settings.
func (t *term) restore() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.restoreLocked()
}

func (t *term) restoreLocked() {
	if !t.active {
		return
	}
	t.active = false
	machine.SetTermios(int(t.fd), t.orig)
	var b bytes.Buffer
	b.WriteString(seqKeypadLocal)
	if t.opt.AltScreen {
		b.WriteString(seqAltOff)
	} else {
		fmt.Fprintf(&b, "\033[%d;1H\n", t.height+1)
	}
	b.WriteString(seqCursorNorm)
	b.WriteString(seqClrEOL)
	t.write(b.Bytes())
}

func (t *term) write(b []byte) {
	for len(b) > 0 {
		n, err := t.out.Write(b)
		if err != nil {
			return
		}
		b = b[n:]
	}
}

func (t *term) querySize() {
	w, h, err := machine.WinSize(int(t.outFd))
	if err != nil || w <= 0 || h <= 0 {
		w, h, err = machine.WinSize(int(t.fd))
	}
	if err != nil || w <= 0 || h <= 0 {
		w, h = envInt("COLUMNS", 80), envInt("LINES", 24)
	}
	t.width, t.height = w, h
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// startReader starts the goroutine that turns terminal input into chunks; the channel is
// closed when reading fails (hangup, or the deadline stopReader sets).
func (t *term) startReader() {
	t.chunks = make(chan []byte)
	t.reader = t.chunks
	go func(in *os.File, chunks chan<- []byte) {
		defer close(chunks)
		buf := make([]byte, 256)
		for {
			n, err := in.Read(buf)
			if n > 0 {
				c := make([]byte, n)
				copy(c, buf[:n])
				chunks <- c
			}
			if err != nil {
				return
			}
		}
	}(t.in, t.chunks)
}

// stopReader ends the reader goroutine (a read deadline in the past wakes it; that needs a
// pollable file, which the terminal Run opens itself is) and closes the file Run opened.
func (t *term) stopReader() {
	if t.reader != nil && t.in.SetReadDeadline(time.Now()) == nil {
		for range t.reader {
		}
	}
	if t.ownIn {
		t.in.Close()
	}
}

// event kinds returned by next.
const (
	evKey = iota
	evTimeout
	evResize // SIGWINCH, SIGCONT: size changed or screen needs a full redraw
	evEnd    // terminating signal (t.ending) or input closed
)

// next waits up to timeout (forever when wait is false) for a key or an event.
func (t *term) next(timeout time.Duration, wait bool) (Key, int) {
	var timer <-chan time.Time
	if wait {
		if timeout < 0 {
			timeout = 0
		}
		tm := time.NewTimer(timeout)
		defer tm.Stop()
		timer = tm.C
	}
	for {
		if t.ending != nil {
			return 0, evEnd
		}
		if len(t.keys) > 0 {
			k := t.keys[0]
			t.keys = t.keys[1:]
			return k, evKey
		}
		var esc <-chan time.Time
		var escTimer *time.Timer
		if len(t.pending) > 0 {
			escTimer = time.NewTimer(t.opt.EscTimeout)
			esc = escTimer.C
		}
		stopEsc := func() {
			if escTimer != nil {
				escTimer.Stop()
			}
		}
		select {
		case c, ok := <-t.chunks:
			stopEsc()
			if !ok {
				t.chunks = nil
				if t.ending == nil {
					t.ending = syscall.SIGHUP // terminal gone
				}
				continue
			}
			var keys []Key
			keys, t.pending = DecodeAll(append(t.pending, c...))
			t.keys = append(t.keys, keys...)
		case <-esc:
			for len(t.pending) > 0 {
				k, n := DecodeFinal(t.pending)
				t.keys = append(t.keys, k)
				t.pending = t.pending[n:]
			}
		case s := <-t.sigs:
			stopEsc()
			if ev := t.signal(s); ev != evKey {
				return 0, ev
			}
		case <-timer:
			stopEsc()
			return 0, evTimeout
		}
	}
}

// signal handles one signal; evKey means nothing for the caller to do.
func (t *term) signal(s os.Signal) int {
	switch s {
	case syscall.SIGWINCH:
		t.querySize()
		return evResize
	case syscall.SIGCONT:
		// Continued after a stop we did not see (SIGSTOP from outside): the shell may have
		// reset the terminal meanwhile (bash does when a job stops), so set it up again,
		// clear and redraw all.
		if err := t.enter(true); err != nil {
			t.ending = syscall.SIGHUP
			return evEnd
		}
		return evResize
	case syscall.SIGTSTP:
		t.suspend()
		return evResize
	}
	t.ending = s
	return evEnd
}

// suspend restores the terminal, stops the process, and sets the terminal up again once
// continued (top's sig_paused).
func (t *term) suspend() {
	t.restore()
	// The stop must happen before this thread goes on: a SIGSTOP sent to the process may be
	// taken by another thread while this one runs on into enter(), so send it to this
	// thread, which then stops on its way back from the system call.
	runtime.LockOSThread()
	syscall.Tgkill(syscall.Getpid(), syscall.Gettid(), syscall.SIGSTOP)
	runtime.UnlockOSThread()
	// continued
	if err := t.enter(true); err != nil {
		t.ending = syscall.SIGHUP
	}
	// The SIGCONT that woke us is also queued: drop it, this redraw covers it.
	for {
		select {
		case s := <-t.sigs:
			if s != syscall.SIGCONT {
				t.signal(s) // a terminating one sets t.ending; a resize re-reads the size
			}
		default:
			return
		}
	}
}

func (t *term) loop() error {
	for {
		if t.ending != nil {
			return &SignalError{Signal: t.ending}
		}
		t.draw()
		if f, ok := t.app.(Finisher); ok && f.Finished() {
			return nil
		}
		k, ev := t.next(t.app.Delay(), true)
		switch ev {
		case evEnd:
			continue
		case evKey:
			if t.app.Key(k, prompter{t}) {
				return nil
			}
		}
	}
}

// draw renders one frame: cursor home, each line followed by clear-to-end-of-line and
// "\n" except the last, then clear-to-end-of-screen if the frame is shorter than the
// screen. (top 4.0.2 writes its frames this way under TERM=xterm.)
func (t *term) draw() {
	frame := t.app.Render(t.width, t.height)
	if c, ok := t.app.(Clearer); ok && c.ClearScreen() && !t.homed {
		t.write([]byte(seqClear))
		t.homed = true
	}
	t.write(frameBytes(frame, t.height, t.cursor, !t.homed))
	t.cursor, t.homed = false, false
}

// frameBytes is what draw writes for frame on a screen of height rows; hideCursor adds the
// cursor-invisible sequence first (after a prompt showed it), home the cursor-home one (not
// needed right after a clear, which top does not follow with one either).
func frameBytes(frame []byte, height int, hideCursor, home bool) []byte {
	var b bytes.Buffer
	b.Grow(len(frame) + 4*height + 16)
	if hideCursor {
		b.WriteString(seqCursorHide)
	}
	if home {
		b.WriteString(seqHome)
	}
	frame = bytes.TrimSuffix(frame, []byte("\n"))
	rows := 0
	for rows < height {
		line, rest, more := bytes.Cut(frame, []byte("\n"))
		if rows > 0 {
			b.WriteString("\n") // ONLCR (left on) makes it "\r\n", as top's output is
		}
		b.Write(line)
		b.WriteString(seqClrEOL)
		rows++
		if !more {
			break
		}
		frame = rest
	}
	if rows < height {
		b.WriteString(seqClrEOS)
	}
	return b.Bytes()
}

// prompter is the Prompter given to App.Key.
type prompter struct{ t *term }

func (p prompter) Size() (int, int) { return p.t.width, p.t.height }

func (t *term) msgRow() int {
	row := 0
	if mr, ok := t.app.(MessageRower); ok {
		row = mr.MessageRow()
	}
	if row >= t.height {
		row = t.height - 1
	}
	if row < 0 {
		row = 0
	}
	return row
}

func (p prompter) Message(msg string) {
	t := p.t
	if t.ending != nil {
		return
	}
	msgCap, _ := t.messageCaps()
	t.write(fmt.Appendf(nil, "\033[%d;1H%s %s %s%s%s", t.msgRow()+1, msgCap, cut(msg, t.width-2),
		seqCursorHide, seqSGR0, seqClrEOL))
	t.cursor = false
	if t.opt.MessageHold <= 0 {
		return
	}
	deadline := time.Now().Add(t.opt.MessageHold)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		// Keys typed meanwhile stay queued for after the message, as in top.
		select {
		case s := <-t.sigs:
			if t.signal(s) == evEnd {
				return
			}
		case <-time.After(left):
			return
		}
	}
}

func (p prompter) Prompt(text string) (string, bool) {
	t := p.t
	if t.ending != nil {
		return "", false
	}
	text = cut(text, t.width-2) // as top's show_pmt
	maxw := t.width - 2 - runeCount(text)
	if maxw < 1 {
		maxw = 1
	}
	ed := NewEditor(maxw, &t.history)
	_, pmtCap := t.messageCaps()
	show := func() {
		row := t.msgRow() + 1
		col := runeCount(text) + 2
		t.write(fmt.Appendf(nil, "\033[%d;1H%s%s %s%s%s%s\033[%d;%dH%s\033[%d;%dH",
			row, pmtCap, text, seqCursorHuge, seqSGR0, seqClrEOL, seqCursorNorm,
			row, col, ed.Line(), row, col+ed.Cursor()))
		t.cursor = true
	}
	show()
	for {
		k, ev := t.next(0, false)
		switch ev {
		case evEnd:
			return "", false
		case evResize:
			t.draw()
			show()
			continue
		}
		switch ed.Key(k) {
		case Accepted:
			return ed.Line(), true
		case Cancelled:
			return "", false
		}
		row, col := t.msgRow()+1, runeCount(text)+2
		t.write(fmt.Appendf(nil, "\033[%d;%dH%s%s\033[%d;%dH", row, col, seqClrEOL, ed.Line(),
			row, col+ed.Cursor()))
	}
}

// fdOf is f's descriptor, got without (*os.File).Fd, which would put a non-blocking file
// in blocking mode and so disable its read deadlines.
func fdOf(f *os.File) uintptr {
	rc, err := f.SyscallConn()
	if err != nil {
		return f.Fd()
	}
	var fd uintptr
	if rc.Control(func(d uintptr) { fd = d }) != nil {
		return f.Fd()
	}
	return fd
}

func runeCount(s string) int { return len([]rune(s)) }

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
