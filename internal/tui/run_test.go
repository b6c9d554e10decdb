package tui

import (
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// In-process tests of Run on a pseudo-terminal: the test holds the master side, types keys
// into it and reads the bytes Run writes. (test/tui does the same through tmux with a real
// program.)

type ptyPair struct {
	master, slave *os.File
	mu            sync.Mutex
	out           strings.Builder
	done          chan struct{}
}

func openPty(t *testing.T, w, h int) *ptyPair {
	t.Helper()
	mfd, err := syscall.Open("/dev/ptmx", syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	var unlock int32
	if err := ioctl(uintptr(mfd), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	var n uint32
	if err := ioctl(uintptr(mfd), syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	sfd, err := syscall.Open("/dev/pts/"+itoa(int(n)), syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &ptyPair{master: os.NewFile(uintptr(mfd), "ptmx"), slave: os.NewFile(uintptr(sfd), "pts"),
		done: make(chan struct{})}
	p.resize(t, w, h)
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := p.master.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		p.master.Close()
		p.slave.Close()
		<-p.done
	})
	return p
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func (p *ptyPair) resize(t *testing.T, w, h int) {
	ws := struct{ Row, Col, Xpixel, Ypixel uint16 }{Row: uint16(h), Col: uint16(w)}
	if err := ioctl(fdOf(p.master), syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		t.Fatal(err)
	}
}

func (p *ptyPair) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitOutput polls until the output contains s (a deadline, not a timing assertion).
func (p *ptyPair) waitOutput(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.output(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %q; output:\n%q", s, p.output())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *ptyPair) typeKeys(t *testing.T, s string) {
	t.Helper()
	if _, err := p.master.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

// testApp shows a frame counter, the size, the last key and the last answer.
type testApp struct {
	mu      sync.Mutex
	frames  int
	last    string
	answer  string
	panicIn string // "render" or "key"
	limit   int    // Finished after this many frames (0: never)
}

func (a *testApp) Render(w, h int) []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.panicIn == "render" {
		panic("render panic")
	}
	a.frames++
	return []byte("frame " + itoa(a.frames) + " size " + itoa(w) + "x" + itoa(h) + "\nkey " + a.last + "\nanswer " + a.answer + "\n")
}

func (a *testApp) Key(k Key, p Prompter) bool {
	a.mu.Lock()
	a.last = k.String()
	a.mu.Unlock()
	switch k {
	case 'q':
		return true
	case 'P':
		a.panicIn = "render"
	case 'p':
		panic("key panic")
	case 'k':
		line, ok := p.Prompt("Name")
		a.mu.Lock()
		if ok {
			a.answer = "<" + line + ">"
		} else {
			a.answer = "cancelled"
		}
		a.mu.Unlock()
	case 'm':
		p.Message("oops")
	}
	return false
}

func (a *testApp) Delay() time.Duration { return time.Hour }
func (a *testApp) MessageRow() int      { return 2 }

type finishingApp struct{ testApp }

func (a *finishingApp) Finished() bool { return a.frames >= a.limit }

// runOn starts Run on the pty's slave side; the result (error or re-panicked value) comes on
// the returned channel.
func runOn(p *ptyPair, app App) chan any {
	res := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				res <- r
			}
		}()
		res <- Run(app, &Options{In: p.slave, Out: p.slave, EscTimeout: 20 * time.Millisecond, MessageHold: -1})
	}()
	return res
}

func result(t *testing.T, res chan any) any {
	t.Helper()
	select {
	case r := <-res:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return")
	}
	return nil
}

func termiosOf(t *testing.T, f *os.File) syscall.Termios {
	t.Helper()
	tio, err := machine.Termios(int(fdOf(f)))
	if err != nil {
		t.Fatal(err)
	}
	return *tio
}

func TestRunOnPty(t *testing.T) {
	p := openPty(t, 80, 24)
	before := termiosOf(t, p.slave)
	app := &testApp{}
	res := runOn(p, app)
	p.waitOutput(t, "frame 1 size 80x24")
	if got := p.output(); !strings.HasPrefix(got, "\x1b[?1h\x1b=\x1b[?25l\x1b[H\x1b[2Jframe 1 size 80x24\x1b[K\r\nkey \x1b[K\r\nanswer \x1b[K\x1b[J") {
		t.Errorf("start and first frame: %q", got)
	}
	raw := termiosOf(t, p.slave)
	if raw.Lflag&(syscall.ICANON|syscall.ECHO) != 0 || raw.Lflag&syscall.ISIG == 0 || raw.Cc[syscall.VMIN] != 1 {
		t.Errorf("raw mode lflag %#o vmin %d", raw.Lflag, raw.Cc[syscall.VMIN])
	}
	p.typeKeys(t, "x")
	p.waitOutput(t, "frame 2 size 80x24\x1b[K\r\nkey x\x1b[K")
	p.typeKeys(t, "\x1bOA")
	p.waitOutput(t, "key Up\x1b[K")
	p.typeKeys(t, "\x1b")
	p.waitOutput(t, "key Esc\x1b[K")
	p.typeKeys(t, "\x1b[6~")
	p.waitOutput(t, "key PgDn\x1b[K")

	p.typeKeys(t, "k")
	p.waitOutput(t, "\x1b[3;1H\x1b[1mName \x1b[?12;25h\x1b(B\x1b[m\x1b[39;49m\x1b[K\x1b[?12l\x1b[?25h\x1b[3;6H\x1b[3;6H")
	p.typeKeys(t, "ab")
	p.waitOutput(t, "\x1b[3;6H\x1b[Kab\x1b[3;8H")
	p.typeKeys(t, "\x7fc\r")
	p.waitOutput(t, "\x1b[?25l\x1b[Hframe 6 size 80x24\x1b[K\r\nkey k\x1b[K\r\nanswer <ac>\x1b[K")
	p.typeKeys(t, "k")
	p.waitOutput(t, "\x1b[3;1H\x1b[1mName")
	p.typeKeys(t, "zz\x1b")
	p.waitOutput(t, "answer cancelled")

	p.typeKeys(t, "m")
	p.waitOutput(t, "\x1b[3;1H\x1b[7m oops \x1b[?25l\x1b(B\x1b[m\x1b[39;49m\x1b[K")

	// SIGWINCH (sent by hand: the test process has no controlling terminal).
	p.resize(t, 100, 30)
	syscall.Kill(syscall.Getpid(), syscall.SIGWINCH)
	p.waitOutput(t, "size 100x30")

	p.typeKeys(t, "q")
	if r := result(t, res); r != nil {
		t.Fatalf("Run after q: %v", r)
	}
	const end = "\x1b[?1l\x1b>\x1b[31;1H\r\n\x1b[?12l\x1b[?25h\x1b[K"
	p.waitOutput(t, end) // the master side may read it a little after Run returned
	if got := p.output(); !strings.HasSuffix(got, end) {
		t.Errorf("end: %q", got[max(0, len(got)-80):])
	}
	if after := termiosOf(t, p.slave); after != before {
		t.Errorf("termios not restored:\nbefore %+v\nafter  %+v", before, after)
	}
	// The reader stopped with Run: input typed now is still there for the next reader.
	p.typeKeys(t, "z\n")
	deadline := time.Now().Add(20 * time.Second)
	buf := make([]byte, 16)
	p.slave.SetReadDeadline(deadline)
	n, err := p.slave.Read(buf)
	if err != nil || string(buf[:n]) != "z\n" {
		t.Errorf("after Run, reading the terminal: %q, %v", buf[:n], err)
	}
}

func TestRunSignalAndPanic(t *testing.T) {
	for _, c := range []struct {
		name string
		end  func(p *ptyPair)
		want string // Run's result: "sig:terminated", "panic:..."
	}{
		{"sigterm", func(p *ptyPair) { syscall.Kill(syscall.Getpid(), syscall.SIGTERM) }, "sig:terminated"},
		{"sighup-in-prompt", func(p *ptyPair) {
			p.master.Write([]byte("k"))
			for !strings.Contains(p.output(), "Name") {
				time.Sleep(5 * time.Millisecond)
			}
			syscall.Kill(syscall.Getpid(), syscall.SIGHUP)
		}, "sig:hangup"},
		{"panic-in-key", func(p *ptyPair) { p.master.Write([]byte("p")) }, "panic:key panic"},
		{"panic-in-render", func(p *ptyPair) { p.master.Write([]byte("P")) }, "panic:render panic"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := openPty(t, 80, 24)
			before := termiosOf(t, p.slave)
			res := runOn(p, &testApp{})
			p.waitOutput(t, "frame 1 size 80x24")
			c.end(p)
			var got string
			switch r := result(t, res).(type) {
			case *SignalError:
				got = "sig:" + r.Signal.String()
			case string:
				got = "panic:" + r
			default:
				got = "other"
			}
			if got != c.want {
				t.Errorf("result %s, want %s", got, c.want)
			}
			if after := termiosOf(t, p.slave); after != before {
				t.Errorf("termios not restored")
			}
			p.waitOutput(t, "\x1b[?1l\x1b>\x1b[25;1H\r\n\x1b[?12l\x1b[?25h\x1b[K")
		})
	}
}

func TestRunFinisher(t *testing.T) {
	p := openPty(t, 40, 10)
	app := &finishingApp{testApp{limit: 2}}
	res := runOn(p, app)
	p.waitOutput(t, "frame 1 size 40x10")
	p.typeKeys(t, "a")
	if r := result(t, res); r != nil {
		t.Fatalf("Run: %v", r)
	}
	if app.frames != 2 {
		t.Errorf("frames %d, want 2", app.frames)
	}
	p.waitOutput(t, "frame 2 size 40x10\x1b[K\r\nkey a\x1b[K\r\nanswer \x1b[K\x1b[J\x1b[?1l\x1b>\x1b[11;1H\r\n")
}

// ioctl sets up the test's pseudo-terminals (the tools themselves probe the terminal through
// internal/machine only).
func ioctl(fd uintptr, req uintptr, arg unsafe.Pointer) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg))
	if e != 0 {
		return e
	}
	return nil
}
