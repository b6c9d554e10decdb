package signals

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/tmux"
)

// A read that never returns must not keep a signal from ending a tool the way it ends the
// original (issue 13). The root is a copy of a capture whose proc/meminfo (uptime for
// iostat, the mount table for df) is a FIFO: the test serves it while the tool starts, then
// holds it open without writing, so the tool's next read blocks as a read of a hung FUSE
// /proc file (LXCFS) does. With GOMAXPROCS=1 (a 1-CPU quota's) a raw system call there
// would hold the only processor and the signal handlers would never run.

// blockingFile serves a FIFO: every open for reading gets content and end of file, until
// hold; from then on the next reader gets a writer that never writes (its read blocks), and
// reached is closed.
type blockingFile struct {
	path    string
	content []byte
	mu      sync.Mutex
	holding bool
	reached chan struct{}
	held    []int
	done    chan struct{}
}

func newBlockingFile(t *testing.T, path string, content []byte, holdNow bool) *blockingFile {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	b := &blockingFile{path: path, content: content, holding: holdNow, reached: make(chan struct{}), done: make(chan struct{})}
	go b.serve()
	t.Cleanup(b.close)
	return b
}

func (b *blockingFile) serve() {
	defer close(b.done)
	for {
		fd, err := syscall.Open(b.path, syscall.O_WRONLY|syscall.O_CLOEXEC, 0) // waits for a reader
		if err != nil {
			return
		}
		b.mu.Lock()
		holding := b.holding
		if holding {
			b.held = append(b.held, fd)
		}
		b.mu.Unlock()
		if holding {
			close(b.reached)
			return
		}
		syscall.Write(fd, b.content)
		syscall.Close(fd)
	}
}

func (b *blockingFile) hold() {
	b.mu.Lock()
	b.holding = true
	b.mu.Unlock()
}

// close releases a serve blocked in its open (a reader that goes at once) and the held end.
func (b *blockingFile) close() {
	if fd, err := syscall.Open(b.path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0); err == nil {
		<-b.done
		syscall.Close(fd)
	}
	b.mu.Lock()
	for _, fd := range b.held {
		syscall.Close(fd)
	}
	b.mu.Unlock()
}

// blockedRoot copies the v2 capture and makes machine path file a blocking FIFO.
func blockedRoot(t *testing.T, file string, holdNow bool) (string, *blockingFile) {
	t.Helper()
	src := testcapture.Path(t, "v2-512m-1.5cpu")
	root := filepath.Join(t.TempDir(), "root")
	if out, err := exec.Command("cp", "-a", src, root).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	content, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	return root, newBlockingFile(t, filepath.Join(root, file), content, holdNow)
}

// ending is how a process ended: "exit N" or "signal NAME".
func ending(ps *os.ProcessState) string {
	ws := ps.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return "signal " + ws.Signal().String()
	}
	return fmt.Sprintf("exit %d", ws.ExitStatus())
}

var sigNames = map[syscall.Signal]string{syscall.SIGINT: "interrupt", syscall.SIGTERM: "terminated"}

type blockedCase struct {
	tool, args string
	file       string // the machine path that blocks
	afterFirst bool   // block after the first report (else from the start)
	lines      int    // the first report's lines: it is out when stdout has these
	ends       map[syscall.Signal]string
	orig       string // the original's command line on this machine ("": not checked)
}

var blockedCases = []blockedCase{
	// procps free and vmstat catch no signal: killed by it.
	{"free", "-s 1", "/proc/meminfo", true, 1, map[syscall.Signal]string{syscall.SIGINT: "signal interrupt", syscall.SIGTERM: "signal terminated"}, "/usr/bin/free -s 1"},
	{"vmstat", "1", "/proc/meminfo", true, 1, map[syscall.Signal]string{syscall.SIGINT: "signal interrupt", syscall.SIGTERM: "signal terminated"}, "/usr/bin/vmstat 1"},
	// top's sig_endpgm: exit 0.
	{"top", "-b -d 1", "/proc/meminfo", true, 1, map[syscall.Signal]string{syscall.SIGINT: "exit 0", syscall.SIGTERM: "exit 0"}, "/usr/bin/top -b -d 1"},
	// sar and iostat catch SIGINT (the averages, status 0), not SIGTERM.
	{"sar", "-r 1", "/proc/meminfo", true, 4, map[syscall.Signal]string{syscall.SIGINT: "exit 0", syscall.SIGTERM: "signal terminated"}, "/usr/bin/sar -r 1"},
	{"iostat", "--host -d 1", "/proc/uptime", true, 3, map[syscall.Signal]string{syscall.SIGINT: "exit 0", syscall.SIGTERM: "signal terminated"}, "/usr/bin/iostat -d 1"},
	// coreutils df catches nothing; its mount table blocks from the start.
	{"df", "", "/proc/self/mountinfo", false, 0, map[syscall.Signal]string{syscall.SIGINT: "signal interrupt", syscall.SIGTERM: "signal terminated"}, ""},
}

func TestSignalWhileReadBlocks(t *testing.T) {
	bin := build(t)
	for _, tc := range blockedCases {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(tc.tool+"/"+sigNames[sig], func(t *testing.T) {
				root, fifo := blockedRoot(t, tc.file, !tc.afterFirst)
				var out, errb bytes.Buffer
				var mu sync.Mutex
				cmd := exec.Command(bin, append([]string{tc.tool}, strings.Fields(tc.args)...)...)
				cmd.Env = append(os.Environ(), "CGPROCPS_ROOT="+root, "GOMAXPROCS=1", "TZ=UTC", "LC_ALL=C")
				cmd.Stdout, cmd.Stderr = lockedWriter{&mu, &out}, lockedWriter{&mu, &errb}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				defer cmd.Process.Kill()
				if tc.afterFirst {
					deadline := time.Now().Add(20 * time.Second)
					for {
						mu.Lock()
						n := bytes.Count(out.Bytes(), []byte("\n"))
						mu.Unlock()
						if n >= tc.lines {
							break
						}
						if time.Now().After(deadline) {
							t.Fatalf("no first report; stderr %q", errb.String())
						}
						time.Sleep(20 * time.Millisecond)
					}
					fifo.hold()
				}
				select {
				case <-fifo.reached:
				case <-time.After(20 * time.Second):
					t.Fatalf("%s never read %s again", tc.tool, tc.file)
				}
				time.Sleep(300 * time.Millisecond) // well inside the blocked read
				cmd.Process.Signal(sig)
				waited := make(chan error, 1)
				go func() { waited <- cmd.Wait() }()
				select {
				case <-waited:
				case <-time.After(10 * time.Second):
					t.Fatalf("%s %s: still running 10 s after %v (a read holds the only processor)", tc.tool, tc.args, sig)
				}
				if got := ending(cmd.ProcessState); got != tc.ends[sig] {
					t.Errorf("%s %s, %v while a read blocks: %s, want %s; stderr %q", tc.tool, tc.args, sig, got, tc.ends[sig], errb.String())
				}
				if tc.tool == "sar" && sig == syscall.SIGINT && !strings.Contains(out.String(), "Average:") {
					t.Errorf("sar: no averages after SIGINT:\n%s", out.String())
				}
			})
		}
	}
}

// TestOriginalsEndings checks the expectations above against the originals on this machine
// (no blocking there: a signal during their wait between reports).
func TestOriginalsEndings(t *testing.T) {
	for _, tc := range blockedCases {
		if tc.orig == "" {
			continue
		}
		f := strings.Fields(tc.orig)
		if _, err := os.Stat(f[0]); err != nil {
			continue
		}
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			cmd := exec.Command(f[0], f[1:]...)
			cmd.Env = append(os.Environ(), "LC_ALL=C")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond)
			cmd.Process.Signal(sig)
			cmd.Wait()
			if got := ending(cmd.ProcessState); got != tc.ends[sig] {
				t.Errorf("the original %s, %v: %s; the test expects %s", tc.orig, sig, got, tc.ends[sig])
			}
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestInteractiveTopWhileReadBlocks: interactive top in tmux, its next frame's meminfo read
// blocked; SIGINT and SIGTERM end it with status 0 and the terminal restored (stty -g as
// before, cursor visible, keypad mode off), as top's sig_endpgm does.
func TestInteractiveTopWhileReadBlocks(t *testing.T) {
	tmux.Need(t)
	bin := build(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sigNames[sig], func(t *testing.T) {
			root, fifo := blockedRoot(t, "/proc/meminfo", false)
			fifo.mu.Lock()
			fifo.holding = false
			fifo.mu.Unlock()
			dir := t.TempDir()
			s := tmux.Start(t, 80, 24, []string{"TERM=xterm", "PS1=$ ", "HOME=/nonexistent", "HISTFILE=",
				"CGPROCPS_ROOT=" + root, "GOMAXPROCS=1", "TZ=UTC"}, "bash", "--norc", "--noprofile", "-i")
			s.WaitFor("$")
			s.SendText(fmt.Sprintf("stty -g >%[1]s/before; sh -c 'echo $$ >%[1]s/pid; exec %[2]s top -d 1'; echo EXIT=$?; stty -g >%[1]s/after; echo END$((1000+1))", dir, bin))
			s.Send("Enter")
			s.WaitFor("Mem :")
			fifo.hold()
			select {
			case <-fifo.reached:
			case <-time.After(20 * time.Second):
				t.Fatal("top never read meminfo again")
			}
			time.Sleep(300 * time.Millisecond)
			b, err := os.ReadFile(filepath.Join(dir, "pid"))
			if err != nil {
				t.Fatal(err)
			}
			var pid int
			fmt.Sscan(string(b), &pid)
			syscall.Kill(pid, sig)
			screen := s.WaitFor("END1001")
			if !strings.Contains(screen, "EXIT=0\n") {
				t.Errorf("exit status: want EXIT=0; screen:\n%s", screen)
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
