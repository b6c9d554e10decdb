// Tests of interactive top: `cgprocps top --host -p PIDS` and the real /usr/bin/top -p PIDS
// run side by side in two tmux sessions of the same size under TERM=xterm, over the same
// processes (sleepers this test starts), with the same keys. After each key the screens are
// compared row by row (text, and for the start and the colours also the attributes),
// masking only what moves between two readers: the clock, uptime and load, the CPU and
// memory figures of the summary and the %CPU and TIME+ cells. Where top's screen is its own
// (the help and colour-map screens, the rc file's path) our screen's content is asserted
// instead. The terminal is checked restored (stty -g) after q, Ctrl-C and SIGTERM.
// Everything skips without tmux, /usr/bin/top or python3.
package top_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/tmux"
)

var cgprocps string // the multicall binary, built by TestMain

func TestMain(m *testing.M) {
	code := func() int {
		if tmux.Path == "" {
			return m.Run() // every test skips
		}
		dir, err := os.MkdirTemp("", "itop")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		cgprocps = filepath.Join(dir, "cgprocps")
		out, err := exec.Command("go", "build", "-o", cgprocps, "github.com/cgprocps/cgprocps/cmd/cgprocps").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "building cgprocps: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

const realTop = "/usr/bin/top"

func needTop(t *testing.T) {
	t.Helper()
	tmux.Need(t)
	if _, err := os.Stat(realTop); err != nil {
		t.Skip("no " + realTop)
	}
}

// sleepers starts three python processes that hold 20, 40 and 1 MiB (so %MEM, RES and
// PID orders differ) and sleep; the third has two more threads. It returns their PIDs.
func sleepers(t *testing.T) []int {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	var pids []int
	for i, mb := range []int{20, 40, 1} {
		script := fmt.Sprintf("import time,threading\nx=bytearray(%d<<20)\nfor i in range(len(x)//4096): x[i*4096]=1\n", mb)
		if i == 2 {
			script += "for i in range(2): threading.Thread(target=time.sleep,args=(3600,)).start()\n"
		}
		script += "print('ready',flush=True)\ntime.sleep(3600)\n"
		cmd := exec.Command(py, "-c", script)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		buf := make([]byte, 6)
		if _, err := out.Read(buf); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, cmd.Process.Pid)
	}
	return pids
}

func joinPIDs(pids []int) string {
	var s []string
	for _, p := range pids {
		s = append(s, strconv.Itoa(p))
	}
	return strings.Join(s, ",")
}

// pair is our top and the real one, each in its own tmux session.
type pair struct {
	t          *testing.T
	ours, real *tmux.Session
	home       string
	compared   int
	maskTasks  bool // mask the Tasks line's counts too
}

func startPair(t *testing.T, width, height int, args ...string) *pair {
	t.Helper()
	needTop(t)
	home := t.TempDir() // no rc file for the real top; W writes here
	env := []string{"TERM=xterm", "HOME=" + home, "XDG_CONFIG_HOME=", "LC_ALL=C", "LANG=C", "COLUMNS=", "LINES=", "TZ=UTC"}
	p := &pair{t: t, home: home}
	p.ours = tmux.Start(t, width, height, env, append([]string{cgprocps, "top", "--host"}, args...)...)
	p.real = tmux.Start(t, width, height, env, append([]string{realTop}, args...)...)
	p.ours.WaitFor("load average", "PID USER")
	p.real.WaitFor("load average", "PID USER")
	return p
}

// both sends the same keys to both.
func (p *pair) both(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.ours.Send(k)
		p.real.Send(k)
	}
}

// bothText types the same text into both.
func (p *pair) bothText(s string) {
	p.t.Helper()
	p.ours.SendText(s)
	p.real.SendText(s)
}

// waitFor waits until each screen has shown every text (polling both in turn, so that a
// message held for a moment on both is seen on both).
func (p *pair) waitFor(texts ...string) {
	p.t.Helper()
	p.waitEach(texts, texts)
}

// waitEach waits until our screen has shown every one of ours and top's every one of real.
func (p *pair) waitEach(ours, real []string) {
	p.t.Helper()
	has := func(s *tmux.Session, texts []string) bool {
		screen := s.Capture()
		for _, x := range texts {
			if !strings.Contains(screen, x) {
				return false
			}
		}
		return true
	}
	var seenOurs, seenReal bool
	deadline := time.Now().Add(tmux.Timeout)
	for !seenOurs || !seenReal {
		seenOurs = seenOurs || has(p.ours, ours)
		seenReal = seenReal || has(p.real, real)
		if time.Now().After(deadline) {
			p.t.Fatalf("waited for %q and %q: seen by ours %v, by top %v; screens:\n%s\n%s", ours, real, seenOurs, seenReal, p.ours.Capture(), p.real.Capture())
		}
	}
}

// sync makes sure both programs have handled every key sent so far: it toggles the load
// line off and on ('l') and waits for each change on both screens. top reads the keys
// that arrived together in one read and acts on the first only, so an 'l' that came with
// the key before it is lost: it is sent again when nothing happened for a while (the key
// before it was handled, being the first of that read).
func (p *pair) sync() {
	p.t.Helper()
	for _, s := range []*tmux.Session{p.ours, p.real} {
		p.toggleLoad(s, false)
		p.toggleLoad(s, true)
	}
}

func (p *pair) toggleLoad(s *tmux.Session, shown bool) {
	p.t.Helper()
	for try := 0; try < 5; try++ {
		s.Send("l")
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			if strings.HasPrefix(s.Capture(), "top - ") == shown {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	p.t.Fatalf("the load line did not toggle (shown %v wanted); screen:\n%s", shown, s.Capture())
}

var (
	headerRow = regexp.MustCompile(`^ *PID +USER`)
	movingRun = regexp.MustCompile(`[0-9.:,+|/ ]*[0-9|][0-9.:,+|/ ]*`)
	paneDead  = regexp.MustCompile(`(?m)^Pane is dead.*$`) // tmux's remain-on-exit line
	escapeSeq = regexp.MustCompile("\033[\\[(][0-9;?]*[A-Za-z]")
)

// mask hides what moves between two readers of the same processes (see the package
// comment). The screen may carry escape sequences (kept as they are).
func mask(screen string, tasks bool) string {
	lines := strings.Split(screen, "\n")
	hdr := -1
	for i, l := range lines {
		if headerRow.MatchString(escapeSeq.ReplaceAllString(l, "")) {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		// columns scrolled off (Left/Right) or PID/USER off (f): the header is the first
		// line after the message row (empty, or C's coordinates)
		for i := 1; i < len(lines); i++ {
			prev := escapeSeq.ReplaceAllString(lines[i-1], "")
			if (prev == "" || strings.Contains(prev, "scroll coordinates:")) && escapeSeq.ReplaceAllString(lines[i], "") != "" {
				hdr = i
				break
			}
		}
	}
	if hdr < 0 {
		return screen
	}
	// Summary lines but Tasks/Threads: every run of figures (and graph bars).
	for i := 0; i < hdr-1; i++ {
		l := lines[i]
		if !tasks && (strings.HasPrefix(escapeSeq.ReplaceAllString(l, ""), "Tasks:") ||
			strings.HasPrefix(escapeSeq.ReplaceAllString(l, ""), "Threads:")) {
			continue
		}
		lines[i] = maskOutsideEscapes(l, func(s string) string {
			if c := strings.IndexByte(s, ':'); c >= 0 && i > 0 && !strings.HasPrefix(s, "top -") {
				// the label (e.g. "%Cpu0  :") stays
				return s[:c+1] + movingRun.ReplaceAllStringFunc(s[c+1:], hashes)
			}
			return movingRun.ReplaceAllStringFunc(s, hashes)
		})
	}
	// Task rows: the %CPU and TIME+ cells, found from the header.
	h := escapeSeq.ReplaceAllString(lines[hdr], "")
	var spans [][2]int
	for _, name := range []struct {
		s string
		w int
	}{{"%CPU", 5}, {"TIME+", 9}} {
		if i := strings.Index(h, " "+name.s); i >= 0 {
			end := i + 1 + len(name.s)
			spans = append(spans, [2]int{end - name.w, end})
		}
	}
	for i := hdr + 1; i < len(lines); i++ {
		lines[i] = maskOutsideEscapes(lines[i], func(s string) string {
			b := []byte(s)
			for _, sp := range spans {
				for j := sp[0]; j < sp[1] && j < len(b); j++ {
					b[j] = '#'
				}
			}
			return string(b)
		})
	}
	return strings.Join(lines, "\n")
}

func hashes(s string) string { return strings.Repeat("#", len(s)) }

// maskOutsideEscapes applies f to the visible text of a line, keeping its escape sequences
// at their places (the text is ASCII here).
func maskOutsideEscapes(l string, f func(string) string) string {
	locs := escapeSeq.FindAllStringIndex(l, -1)
	if len(locs) == 0 {
		return f(l)
	}
	var text strings.Builder
	var at []int // text offset of each escape
	last := 0
	for _, loc := range locs {
		text.WriteString(l[last:loc[0]])
		at = append(at, text.Len())
		last = loc[1]
	}
	text.WriteString(l[last:])
	masked := f(text.String())
	var b strings.Builder
	prev := 0
	for k, loc := range locs {
		b.WriteString(masked[prev:at[k]])
		b.WriteString(l[loc[0]:loc[1]])
		prev = at[k]
	}
	b.WriteString(masked[prev:])
	return b.String()
}

// same waits until both screens agree after masking (the moving numbers may need a frame
// or two to settle) and fails the test with the differing rows at the deadline.
func (p *pair) same(step string, escapes bool) {
	p.t.Helper()
	capture := func(s *tmux.Session) string {
		if escapes {
			return s.CaptureEscapes()
		}
		return s.Capture()
	}
	deadline := time.Now().Add(tmux.Timeout)
	for {
		o, r := mask(capture(p.ours), p.maskTasks), mask(capture(p.real), p.maskTasks)
		o, r = paneDead.ReplaceAllString(o, ""), paneDead.ReplaceAllString(r, "")
		d := tmux.DiffScreens(r, o)
		if d == "" {
			p.compared++
			return
		}
		if time.Now().After(deadline) {
			p.t.Errorf("after %s the screens differ (want: real top, got: ours):\n%s", step, d)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// step sends keys to both, one at a time, waits until both handled them, and compares the
// screens.
func (p *pair) step(name string, keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.both(k)
		p.sync()
	}
	p.same(name, false)
}

// prompt sends a key that prompts, waits for the prompt text on both and compares.
func (p *pair) prompt(name, key, text string) {
	p.t.Helper()
	p.both(key)
	p.waitFor(text)
	p.same(name+" (prompt)", false)
}

// answer types an answer and Enter into both, then syncs and compares.
func (p *pair) answer(name, text string) {
	p.t.Helper()
	if text != "" {
		p.bothText(text)
	}
	p.both("Enter")
	p.sync()
	p.same(name, false)
}

func TestInteractiveKeys(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(pids), "-d", "2")
	p.same("start", false)
	p.same("start (attributes)", true)

	// Toggles and sorting: each compared once on and once back.
	for _, s := range [][]string{
		{"1"}, {"1"},
		{"M"}, {"N"}, {"R"}, {"T"}, {"P"}, {"R"},
		{"<"}, {"<"}, {">"}, {">"},
		{"c"}, {"c"}, {"H"}, {"H"}, {"i"}, {"i"},
		{"E"}, {"E"}, {"E"}, {"E"}, {"E"}, {"E"},
		{"e"}, {"e"}, {"e"}, {"e"}, {"e"},
		{"t"}, {"t"}, {"t"}, {"t"},
		{"m"}, {"m"}, {"m"}, {"m"},
		{"1", "t"}, {"m"}, {"t", "t", "t"}, {"m", "m", "m", "1"},
		{"Space"},
	} {
		p.step("key "+strings.Join(s, " "), s...)
	}
	// k's default PID is the first task in sort order even when no row is shown (idle
	// tasks hidden).
	p.step("i", "i")
	p.prompt("k with no rows", "k", "PID to signal/kill [default pid = ")
	p.both("Escape")
	p.ours.WaitGone("PID to signal")
	p.real.WaitGone("PID to signal")
	p.step("i", "i")

	// Toggles that tell what they did.
	for _, c := range []struct{ keys, msg string }{
		{"S", "Cumulative time On"}, {"S", "Cumulative time Off"},
		{"tttH", "Show threads On"}, {"H", "Show threads Off"},
	} {
		for _, k := range c.keys[:len(c.keys)-1] {
			p.both(string(k))
			p.sync()
		}
		p.both(c.keys[len(c.keys)-1:])
		p.waitFor(" " + c.msg)
		p.sync()
		p.same("key "+c.keys, false)
	}
	p.step("t", "t") // the CPU lines back
	for _, k := range []string{"9", "~", "Q"} {
		p.both(k)
		p.waitFor(" Unknown command - try 'h' for help")
		if k == "9" {
			p.same("unknown key (message, attributes)", true)
		}
		p.sync()
		p.same("unknown key "+k, false)
	}

	p.both("z")
	p.sync()
	p.same("z", false)
	p.same("z (attributes)", true)
	p.step("z again", "z")
	p.same("z again (attributes)", true)

	// n / #
	p.prompt("n", "n", "Maximum tasks = 0, change to (0 is unlimited)")
	p.same("n (prompt, attributes)", true)
	p.answer("n 1", "1")
	p.prompt("#", "#", "Maximum tasks = 1, change to (0 is unlimited)")
	p.answer("# 0", "0")
	p.prompt("n", "n", "Maximum tasks = 0, change to (0 is unlimited)")
	p.bothText("x")
	p.both("Enter")
	p.waitFor(" Unacceptable integer")
	p.sync()
	p.same("n x", false)

	// d / s
	p.prompt("d", "d", "Change delay from 2.0 to")
	p.answer("d 1.5", "1.5")
	// The screen refreshes by itself: the clock moves on without a key.
	clock0 := clockOf(p.ours.Capture())
	p.ours.WaitUntil("the clock to move", func(s string) bool { return clockOf(s) != clock0 })
	p.prompt("s", "s", "Change delay from 1.5 to")
	p.bothText("1.5x")
	p.both("Enter")
	p.waitFor(" Unacceptable floating point")
	p.sync()
	p.same("s 1.5x", false)

	// k: the prompts on both; our top sends STOP, which both then show (state T).
	p.step("N", "N") // PID order, high to low: the first row is the third sleeper
	first := pids[2]
	p.prompt("k", "k", fmt.Sprintf("PID to signal/kill [default pid = %d]", first))
	p.both("Enter")
	p.waitFor(fmt.Sprintf("Send pid %d signal [15/sigterm]", first))
	p.same("k Enter (signal prompt)", false)
	p.ours.SendText("STOP")
	p.ours.Send("Enter")
	p.real.Send("Escape")
	p.real.WaitGone("Send pid")
	p.sync()
	p.waitFor("1 stopped")
	p.same("k STOP", false)
	p.ours.Send("k")
	p.ours.WaitFor("PID to signal/kill")
	p.ours.SendText(strconv.Itoa(first))
	p.ours.Send("Enter")
	p.ours.WaitFor(fmt.Sprintf("Send pid %d signal [15/sigterm]", first))
	p.ours.SendText("sigcont")
	p.ours.Send("Enter")
	p.waitFor("0 stopped")
	p.sync()
	p.same("k sigcont", false)
	// Errors: a bad signal, a PID that does not exist.
	p.prompt("k", "k", "PID to signal/kill")
	p.both("Enter")
	p.waitFor("/sigterm]")
	p.bothText("NOSUCH")
	p.both("Enter")
	p.waitFor(" Invalid signal")
	p.sync()

	// r: our top renices the first task to 4, both show it.
	p.prompt("r", "r", fmt.Sprintf("PID to renice [default pid = %d]", first))
	p.both("Enter")
	p.waitFor(fmt.Sprintf("Renice PID %d to value", first))
	p.same("r Enter (value prompt)", false)
	p.ours.SendText("4")
	p.ours.Send("Enter")
	p.real.Send("Escape")
	p.real.WaitGone("Renice PID")
	p.sync()
	p.same("r 4", false)
	if n := niceOf(t, first); n != 4 {
		t.Errorf("after r 4: nice of %d is %d", first, n)
	}
	p.prompt("r", "r", "PID to renice")
	p.bothText("x")
	p.both("Enter")
	p.waitFor(" Unacceptable integer")
	p.sync()

	// Resize: both redraw at the new size.
	p.ours.Resize(80, 24)
	p.real.Resize(80, 24)
	p.sync()
	p.same("resize to 80x24", false)

	// W: both write the same rc file.
	if b := p.sameRC("W"); !strings.Contains(string(b), ", Delay_time=1.500, Curwin=0\n") {
		t.Errorf("rc file:\n%s", b)
	}
	p.sync()
	p.same("W", false)

	// h / ?: our own help screen; any key goes back.
	for _, k := range []string{"h", "?"} {
		p.ours.Send(k)
		screen := p.ours.WaitFor("Interactive commands of cgprocps top", "Press Esc or q to go back.")
		for _, want := range []string{"Refresh every 1.5 s", "sorted by PID", "k       send a signal", "W       save these settings"} {
			if !strings.Contains(screen, want) {
				t.Errorf("help screen lacks %q:\n%s", want, screen)
			}
		}
		p.ours.Send("x") // other keys keep the help, as in top
		p.ours.Send("q")
		p.ours.WaitFor("PID USER")
	}
	p.sync()
	p.same("after help", false)

	// q: both end with status 0, their last frame left on the screen.
	p.both("q")
	if o, r := p.ours.WaitExit(), p.real.WaitExit(); o != r || o != "0" {
		t.Errorf("q: exit status ours %s, top %s", o, r)
	}
	t.Logf("%d screens compared", p.compared)
}

// TestInteractiveUser: u and U. Both clear -p (as top does), so the task area then holds
// the machine's processes, which move: the filters compared are users that own none of
// them, and the Tasks line (every process) is masked.
func TestInteractiveUser(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(pids))
	p.maskTasks = true
	p.prompt("u", "u", "Which user (blank for all)")
	p.answer("u nobody", "nobody")
	p.prompt("U", "U", "Which user (blank for all)")
	p.answer("U 65534", "65534")
	p.prompt("u", "u", "Which user (blank for all)")
	p.bothText("no-such-user-here")
	p.both("Enter")
	p.waitFor(" Invalid user") // (the filter is gone then, as in top: all processes)
	p.sync()
	p.both("U")
	p.waitFor("Which user (blank for all)")
	p.answer("U nobody", "nobody")
	t.Logf("%d screens compared", p.compared)
}

// clockOf is the time on the load line.
func clockOf(screen string) string {
	if len(screen) >= 14 && strings.HasPrefix(screen, "top - ") {
		return screen[6:14]
	}
	return ""
}

// niceOf reads a process's nice value (field 19 of /proc/PID/stat).
func niceOf(t *testing.T, pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	n, _ := strconv.Atoi(f[16])
	return n
}

// TestInteractiveIterations: -n 2 ends after the second frame with status 0, as top.
func TestInteractiveIterations(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 80, 24, "-p", joinPIDs(pids), "-n", "2", "-d", "0.5")
	if o, r := p.ours.WaitExit(), p.real.WaitExit(); o != r || o != "0" {
		t.Errorf("-n 2: exit status ours %s, top %s", o, r)
	}
	// The last frame stays; tmux's "Pane is dead" line may scroll it by a row, at its own
	// moment: compare the scrollback and the screen together, without that line.
	all := func(s *tmux.Session) string {
		c := paneDead.ReplaceAllString(mask(s.CaptureAll(), false), "")
		return strings.TrimRight(c, "\n")
	}
	deadline := time.Now().Add(tmux.Timeout)
	for {
		d := tmux.DiffScreens(all(p.real), all(p.ours))
		if d == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("-n 2: the last screens differ (want: real top, got: ours):\n%s", d)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestNotATerminal: standard input not a terminal.
func TestNotATerminal(t *testing.T) {
	needTop(t)
	run := func(name string, args ...string) (string, int) {
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), "TERM=xterm")
		cmd.Stdin = nil
		out, err := cmd.CombinedOutput()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		}
		return string(out), code
	}
	o, oc := run(cgprocps, "top")
	r, rc := run(realTop)
	if o != r || oc != rc || oc != 1 || o != "top: failed tty get\n" {
		t.Errorf("ours %q exit %d; top %q exit %d", o, oc, r, rc)
	}
}

// TestInteractiveRestore: the terminal settings are the same before and after q, Ctrl-C
// and SIGTERM, and the cursor and keypad are back to normal.
func TestInteractiveRestore(t *testing.T) {
	needTop(t)
	for _, how := range []string{"q", "C-c", "SIGTERM"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			s := tmux.Start(t, 80, 24, []string{"TERM=xterm", "PS1=$ ", "HOME=/nonexistent", "HISTFILE="},
				"bash", "--norc", "--noprofile", "-i")
			s.WaitFor("$")
			line := fmt.Sprintf("stty -g >%[1]s/before; sh -c 'echo $$ >%[1]s/pid; exec %[2]s top --host -p $$'; echo EXIT=$?; stty -g >%[1]s/after; echo END$((1000+1))",
				dir, cgprocps)
			s.SendText(line)
			s.Send("Enter")
			s.WaitFor("PID USER")
			switch how {
			case "SIGTERM":
				b, err := os.ReadFile(filepath.Join(dir, "pid"))
				if err != nil {
					t.Fatal(err)
				}
				pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
				syscall.Kill(pid, syscall.SIGTERM)
			default:
				s.Send(how)
			}
			screen := s.WaitFor("END1001")
			if !strings.Contains(screen, "EXIT=0\n") {
				t.Errorf("exit status not 0:\n%s", screen)
			}
			before, _ := os.ReadFile(filepath.Join(dir, "before"))
			after, _ := os.ReadFile(filepath.Join(dir, "after"))
			if len(before) == 0 || string(before) != string(after) {
				t.Errorf("stty -g differs:\nbefore %s\nafter  %s", before, after)
			}
			if got := s.Display("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"); got != "0 1 0 0" {
				t.Errorf("alternate_on cursor_flag keypad_cursor_flag keypad_flag = %q, want \"0 1 0 0\"", got)
			}
		})
	}
}

// TestInteractiveSecure: -s refuses k, r, d and s with top's message.
func TestInteractiveSecure(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 80, 24, "-s", "-p", joinPIDs(pids))
	for _, k := range []string{"k", "r", "d", "s"} {
		p.both(k)
		p.waitFor(" Unavailable in secure mode")
		p.sync()
		p.same("-s "+k, false)
	}
}

// TestInteractiveFullScreen: without -p the task area fills the screen to its last row, as
// in top (the processes themselves move, so only the layout is compared: the header row,
// the number of task rows, each row within the width).
func TestInteractiveFullScreen(t *testing.T) {
	needTop(t)
	p := startPair(t, 80, 24)
	layout := func(s *tmux.Session) (hdr, rows int) {
		lines := s.Lines()
		hdr = -1
		for i, l := range lines {
			if len(l) > 80 {
				t.Errorf("row %d wider than the screen: %q", i+1, l)
			}
			if hdr < 0 && headerRow.MatchString(l) {
				hdr = i
			} else if hdr >= 0 && l != "" {
				rows++
			}
		}
		return hdr, rows
	}
	oh, or := layout(p.ours)
	rh, rr := layout(p.real)
	if oh != rh || or != rr || or != 24-oh-1 {
		t.Errorf("header row %d, %d task rows; top: header row %d, %d task rows", oh+1, or, rh+1, rr)
	}
}

// TestFrameBytes: the bytes of a frame, recorded with script(1) from `top -n 1 -p PID`
// under TERM=xterm, ours against top's, from the start to the end of the last task row
// (what follows is internal/tui's clearing of the rows below, docs/tui.md), figures masked.
func TestFrameBytes(t *testing.T) {
	needTop(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1)")
	}
	pids := sleepers(t)
	dir := t.TempDir()
	// record runs argv under script(1); colours: press z once the first frame is up, and q
	// once the colours show.
	record := func(name string, colours bool, argv ...string) string {
		out := filepath.Join(dir, name)
		cmd := "TERM=xterm HOME=" + dir + " LC_ALL=C " + strings.Join(argv, " ")
		s := tmux.Start(t, 80, 24, []string{"TERM=xterm"}, script, "-q", "-c", cmd, out)
		if colours {
			s.WaitFor("PID USER")
			s.Send("z")
			s.WaitUntil("colours", func(string) bool { return strings.Contains(s.CaptureEscapes(), "\033[31m") })
			s.Send("q")
		}
		if st := s.WaitExit(); st != "0" {
			t.Fatalf("%s: exit %s", name, st)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	bold := regexp.MustCompile("\033\\[1m[^\033]*")
	digits := regexp.MustCompile(`[0-9]`)
	frame := func(raw string) string {
		if i := strings.Index(raw, "\033[?1h"); i >= 0 {
			raw = raw[i:] // after script's own first line
		}
		end := strings.Index(raw, "\033[?1l")
		if end < 0 {
			t.Fatalf("no end sequence in %q", raw)
		}
		raw = raw[:end]
		if i := strings.LastIndex(raw, "\033[H"); i > 0 {
			raw = raw[i:] // the last frame
		}
		last := strings.LastIndex(raw, "\n")
		if k := strings.Index(raw[last:], "\033[K"); k >= 0 {
			raw = raw[:last+k]
		}
		raw = bold.ReplaceAllString(raw, "\033[1m#")
		return digits.ReplaceAllString(raw, "#")
	}
	p := joinPIDs(pids)
	ours := frame(record("ours", false, cgprocps, "top", "--host", "-n", "1", "-p", p))
	real := frame(record("real", false, realTop, "-n", "1", "-p", p))
	if ours != real {
		t.Errorf("frame bytes differ:\n%s", firstDiff(ours, real))
	}
	ours = frame(record("oursz", true, cgprocps, "top", "--host", "-p", p))
	real = frame(record("realz", true, realTop, "-p", p))
	if ours != real || !strings.Contains(ours, "\033[##mTasks:") { // (red, digits masked)
		t.Errorf("frame bytes with colours (z) differ:\n%s", firstDiff(ours, real))
	}
}

// firstDiff shows where two byte strings part.
func firstDiff(ours, real string) string {
	i := 0
	for i < len(ours) && i < len(real) && ours[i] == real[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d:\nours %q\ntop  %q", i, ours[from:min(len(ours), i+200)], real[from:min(len(real), i+200)])
}
