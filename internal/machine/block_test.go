package machine

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBlockedReadLeavesTheProgramRunning: with one processor (GOMAXPROCS=1, what Go 1.25+
// derives from a 1-CPU cgroup quota), a read that never returns (a FIFO with no writer
// stands in for a hung FUSE /proc file) must not stop the program's other goroutines, as a
// RawSyscall would. Run in a child process: a stall there must not hang the test binary.
func TestBlockedReadLeavesTheProgramRunning(t *testing.T) {
	if fifo := os.Getenv("MACHINE_TEST_FIFO"); fifo != "" {
		runtime.GOMAXPROCS(1)
		started := make(chan struct{})
		go func() {
			close(started)
			Host.ReadFile(fifo) // blocks in open: no writer ever comes
			os.Stdout.WriteString("returned\n")
		}()
		<-started
		runtime.Gosched()
		time.Sleep(50 * time.Millisecond) // the reader has long been in its open by now
		os.Stdout.WriteString("alive\n")
		os.Exit(0)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "meminfo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBlockedReadLeavesTheProgramRunning$")
	cmd.Env = append(os.Environ(), "MACHINE_TEST_FIFO="+fifo)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.Output(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("the program stalled while one goroutine's read blocked")
	}
	if err != nil || strings.TrimSpace(string(out)) != "alive" {
		t.Fatalf("child: %q %v", out, err)
	}
}
