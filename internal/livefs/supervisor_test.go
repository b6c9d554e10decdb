package livefs

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The supervisor without FUSE: a socket plays /dev/fuse (the test is the kernel) and this
// test binary plays the server (fakeServer).

const fakeServerEnv = "LIVEFS_FAKE_SERVER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(fakeServerEnv); dir != "" {
		fakeServer(dir)
		return
	}
	os.Exit(m.Run())
}

// Opcodes of the fake protocol besides INIT: opDieOnce kills the first server that gets it
// (a marker file in dir remembers), opDieAlways every server; any other is answered.
const (
	opHang      = 97
	opDieOnce   = 98
	opDieAlways = 99
)

// fakeServer answers each request on fd 3 with a header and "ok", and dies as told.
func fakeServer(dir string) {
	buf := make([]byte, 1<<16)
	for {
		n, err := syscall.Read(3, buf)
		if err != nil || n == 0 {
			os.Exit(0)
		}
		op := binary.LittleEndian.Uint32(buf[4:])
		switch op {
		case opDieAlways:
			os.Exit(3)
		case opHang:
			select {}
		case opDieOnce:
			if _, err := os.Stat(filepath.Join(dir, "died")); err != nil {
				os.WriteFile(filepath.Join(dir, "died"), nil, 0o644)
				os.Exit(3)
			}
		}
		out := make([]byte, 18)
		binary.LittleEndian.PutUint32(out, 18)
		copy(out[8:16], buf[8:16])
		copy(out[16:], "ok")
		syscall.Write(3, out)
	}
}

func request(op uint32, unique uint64) []byte {
	b := make([]byte, 40)
	binary.LittleEndian.PutUint32(b, 40)
	binary.LittleEndian.PutUint32(b[4:], op)
	binary.LittleEndian.PutUint64(b[8:], unique)
	return b
}

type reply struct {
	unique uint64
	errno  int32
}

func TestSupervisorReplays(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	kernel := fds[0]
	dir := t.TempDir()
	ready := make(chan struct{})
	var inits [][]byte
	s := &Supervisor{
		Dev: os.NewFile(uintptr(fds[1]), "dev"),
		Command: func() *exec.Cmd {
			c := exec.Command(os.Args[0], "-test.run=^$")
			c.Env = append(os.Environ(), fakeServerEnv+"="+dir)
			return c
		},
		OnInit:    func(b []byte) { inits = append(inits, b) },
		HangAfter: 200 * time.Millisecond,
		Ready:     func() { close(ready) },
	}
	done := make(chan error, 1)
	go func() { done <- s.Run() }()

	replies := make(chan reply, 16)
	go func() {
		buf := make([]byte, 1<<16)
		for {
			n, err := syscall.Read(kernel, buf)
			if err != nil || n < 16 {
				close(replies)
				return
			}
			replies <- reply{binary.LittleEndian.Uint64(buf[8:]), int32(binary.LittleEndian.Uint32(buf[4:]))}
		}
	}()
	next := func(what string) reply {
		t.Helper()
		select {
		case r := <-replies:
			return r
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no reply", what)
		}
		return reply{}
	}
	send := func(op uint32, unique uint64) {
		if _, err := syscall.Write(kernel, request(op, unique)); err != nil {
			t.Fatal(err)
		}
	}

	send(opInit, 2)
	if r := next("INIT"); r != (reply{2, 0}) {
		t.Errorf("INIT: reply %+v", r)
	}
	<-ready
	if len(inits) != 1 {
		t.Errorf("OnInit called %d times", len(inits))
	}
	// The server dies with the request; the next one gets INIT (its reply is not the
	// kernel's) and the request.
	send(opDieOnce, 4)
	if r := next("a request the first server died with"); r != (reply{4, 0}) {
		t.Errorf("replayed request: reply %+v", r)
	}
	if n := s.Starts(); n != 2 {
		t.Errorf("%d servers started, want 2", n)
	}
	// A request every server dies with: EIO from the supervisor after three deaths, and
	// the next request is served.
	send(opDieAlways, 6)
	if r := next("a request that kills every server"); r != (reply{6, -int32(syscall.EIO)}) {
		t.Errorf("poison request: reply %+v, want EIO", r)
	}
	send(1, 8)
	if r := next("the request after"); r != (reply{8, 0}) {
		t.Errorf("after the poison request: reply %+v", r)
	}
	if n := s.Starts(); n != 5 {
		t.Errorf("%d servers started, want 5", n)
	}
	// A request every server hangs on: each is killed after HangAfter, then EIO.
	send(opHang, 12)
	if r := next("a request every server hangs on"); r != (reply{12, -int32(syscall.EIO)}) {
		t.Errorf("hanging request: reply %+v, want EIO", r)
	}
	send(1, 14)
	if r := next("the request after"); r != (reply{14, 0}) {
		t.Errorf("after the hanging request: reply %+v", r)
	}
	if n := s.Starts(); n != 8 {
		t.Errorf("%d servers started, want 8", n)
	}
	// An upgrade: a new server, the old one stopped; requests go on being answered.
	s.Upgrade()
	for i := 0; i < 100 && s.Starts() < 9; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	send(1, 10)
	if r := next("after the upgrade"); r != (reply{10, 0}) {
		t.Errorf("after the upgrade: reply %+v", r)
	}
	if n := s.Starts(); n != 9 {
		t.Errorf("%d servers started, want 9", n)
	}
	select {
	case r, ok := <-replies:
		if ok {
			t.Errorf("a reply too many: %+v", r)
		}
	case <-time.After(100 * time.Millisecond):
	}
	syscall.Shutdown(kernel, syscall.SHUT_RDWR)
	defer syscall.Close(kernel)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return at the end of the connection")
	}
}

func TestErrorReply(t *testing.T) {
	b := errorReply(0x1122334455, syscall.EIO)
	if len(b) != 16 || binary.LittleEndian.Uint32(b) != 16 || int32(binary.LittleEndian.Uint32(b[4:])) != -5 || binary.LittleEndian.Uint64(b[8:]) != 0x1122334455 {
		t.Errorf("%x", b)
	}
}
