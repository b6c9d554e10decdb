package machine

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A read that blocks (a FIFO whose writer writes nothing) does not stall another goroutine's
// read: the reused buffer is not locked for the length of a read.
func TestBlockedReadDoesNotStallOthers(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plain"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // a writer that never writes
	if err != nil {
		t.Fatal(err)
	}
	f := New(dir)
	blocked := make(chan struct{})
	go func() { f.ReadFile("/fifo"); close(blocked) }()
	time.Sleep(100 * time.Millisecond) // the first read is in read(2) by now
	done := make(chan error, 1)
	go func() {
		b, err := f.ReadFile("/plain")
		if err == nil && string(b) != "x\n" {
			err = os.ErrInvalid
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read waited for a blocked read of another file")
	}
	w.Close() // the FIFO reads its end: the first read returns
	select {
	case <-blocked:
	case <-time.After(5 * time.Second):
		t.Fatal("the FIFO read did not end with its writer")
	}
}
