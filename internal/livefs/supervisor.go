package livefs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"sync"
	"syscall"
	"time"
)

// The supervisor keeps the FUSE connection (the /dev/fuse descriptor) and relays it to a
// server process it starts, over a SOCK_SEQPACKET socket pair: each request the kernel
// hands it is sent to the server as one message, each reply comes back as one message and
// is written to /dev/fuse. When the server dies (a crash, kill -9) or is replaced (an
// upgrade), the supervisor starts another on a new socket pair and
//   - sends it the connection's INIT request first and drops its reply: the kernel
//     negotiates once per connection; go-fuse's server reads INIT before anything else;
//   - sends it again every request the dead one had been given and had not answered (the
//     node IDs and file handles the kernel holds mean the same to any server: fuse.go).
// A request that is answered twice (an upgrade, where the old server may still answer)
// is harmless: the kernel never reuses a request's ID and rejects a second reply (ENOENT).
// Requests the kernel queues meanwhile wait in the supervisor. So a reader never sees the
// server die; it waits for the next one. The supervisor itself must live: it holds the
// connection (docs/livefs.md: systemd's fd store for a supervisor restart).

// FUSE opcodes the supervisor looks at.
const (
	opForget      = 2
	opInit        = 26
	opInterrupt   = 36
	opBatchForget = 42
)

// quickDeath: a server that dies sooner after its start is restarted after a delay
// (50 ms, doubling up to 2 s while they keep dying so); others at once.
const quickDeath = 100 * time.Millisecond

// DefaultHangAfter: rendering a file takes milliseconds; a server that takes this long
// over a request is stuck (a request it hangs on is answered EIO after maxTries kills).
const DefaultHangAfter = 10 * time.Second

// maxTries is how many servers may die with a request unanswered: the supervisor then
// answers it EIO itself (a request that crashes every server would otherwise stall the
// filesystem in a restart loop).
const maxTries = 3

// initTimeout is how long a new server may take over the INIT request.
const initTimeout = 5 * time.Second

// relayBuf is the size of a relay read buffer: a request or reply with max_write/max_read
// bytes of data and its headers.
const relayBuf = maxWrite + 64<<10

// MountFD opens /dev/fuse and mounts it on dir read-only (nosuid, nodev, allow_other), as
// root with mount(2); it returns the connection's descriptor.
func MountFD(dir string) (*os.File, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(dir, &st); err != nil {
		return nil, err
	}
	fd, err := syscall.Open("/dev/fuse", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("fd=%d,rootmode=%o,user_id=%d,group_id=%d,allow_other,max_read=%d",
		fd, st.Mode&syscall.S_IFMT, os.Geteuid(), os.Getegid(), maxWrite)
	if err := syscall.Mount("cgprocps", dir, "fuse.cgprocps",
		syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_RDONLY, opts); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/fuse"), nil
}

// Supervisor relays a FUSE connection to a server process and restarts it.
type Supervisor struct {
	// Dev is the connection (/dev/fuse). Run makes it non-blocking, so Detach can stop
	// reading it.
	Dev *os.File
	// Command makes the server's command; the supervisor adds its socket as the first of
	// ExtraFiles (descriptor 3 in the server) and starts it. Called at each start, so an
	// upgrade runs the binary on disk then.
	Command func() *exec.Cmd
	// Init is the connection's INIT request when another process read it (fd store).
	Init []byte
	// OnInit is called with the INIT request when the supervisor reads it from the kernel.
	OnInit func([]byte)
	// Ready is called once, when the connection is initialised (the INIT reply written, or
	// at once with Init set).
	Ready func()
	// Log receives a line at each server start and exit.
	Log io.Writer
	// HangAfter: a server that has left a request unanswered this long is killed (and the
	// request given to the next one); DefaultHangAfter when 0.
	HangAfter time.Duration

	mu       sync.Mutex
	detached bool
	init     []byte
	pending  map[uint64][]byte    // requests given to a server and not answered
	tries    map[uint64]int       // servers that died with the request pending
	given    map[uint64]time.Time // when the current server was given the request
	dev      *os.File             // Dev, non-blocking
	cur      *child
	ready    sync.Once
	upgrade  chan struct{}
	died     chan *child
	starts   int
}

type child struct {
	cmd  *exec.Cmd
	sock int // the supervisor's end
	gone bool
}

// Upgrade starts a new server (Command again) and stops the current one once the new
// one is serving.
func (s *Supervisor) Upgrade() {
	select {
	case s.upgrade <- struct{}{}:
	default:
	}
}

// Starts is how many servers the supervisor started.
func (s *Supervisor) Starts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.starts
}

func (s *Supervisor) logf(format string, a ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, "cgprocps-fs: "+format+"\n", a...)
	}
}

// Run relays until the connection ends (the filesystem is unmounted and no bind of it is
// left), then stops the server.
func (s *Supervisor) Run() error {
	s.mu.Lock()
	s.pending = map[uint64][]byte{}
	s.tries = map[uint64]int{}
	s.given = map[uint64]time.Time{}
	s.mu.Unlock()
	// A non-blocking copy, read through Go's poller (a read deadline stops it).
	var dup int
	var err error
	if rc, cerr := s.Dev.SyscallConn(); cerr != nil {
		return cerr
	} else if cerr := rc.Control(func(fd uintptr) { dup, err = syscall.Dup(int(fd)) }); cerr != nil {
		return cerr
	}
	if err != nil {
		return err
	}
	syscall.CloseOnExec(dup)
	syscall.SetNonblock(dup, true)
	s.mu.Lock()
	s.dev = os.NewFile(uintptr(dup), "/dev/fuse")
	s.mu.Unlock()
	s.upgrade = make(chan struct{}, 1)
	s.died = make(chan *child, 4)
	s.init = s.Init
	if s.init != nil {
		s.markReady()
	}
	devDone := make(chan error, 1)
	go func() { devDone <- s.readDev() }()

	backoff := time.Duration(0)
	var started time.Time
	start := func() {
		for {
			started = time.Now()
			if err := s.start(); err == nil {
				return
			} else {
				s.logf("starting the server: %v", err)
			}
			backoff = min(max(2*backoff, 50*time.Millisecond), 2*time.Second)
			select {
			case err := <-devDone:
				devDone <- err
				return
			case <-time.After(backoff):
			}
		}
	}
	start()
	hang := s.HangAfter
	if hang <= 0 {
		hang = DefaultHangAfter
	}
	watch := time.NewTicker(max(hang/4, 10*time.Millisecond))
	defer watch.Stop()
	for {
		select {
		case now := <-watch.C:
			s.mu.Lock()
			c := s.cur
			var stuck uint64
			for id, t := range s.given {
				if now.Sub(t) >= hang {
					stuck = id
				}
			}
			s.mu.Unlock()
			if c != nil && stuck != 0 {
				s.logf("server %d has not answered request %d for %v: killing it", c.cmd.Process.Pid, stuck, hang)
				c.cmd.Process.Kill()
			}
		case err := <-devDone:
			s.mu.Lock()
			c := s.cur
			s.cur = nil
			s.mu.Unlock()
			if c != nil {
				c.cmd.Process.Kill()
				c.cmd.Wait()
			}
			return err
		case <-s.upgrade:
			s.mu.Lock()
			old := s.cur
			s.mu.Unlock()
			if err := s.start(); err != nil {
				s.logf("upgrade: starting the new server: %v; the old one goes on", err)
				continue
			}
			if old != nil {
				old.cmd.Process.Signal(syscall.SIGTERM)
			}
		case c := <-s.died:
			err := c.cmd.Wait()
			s.mu.Lock()
			restart := s.cur == nil
			n := len(s.pending)
			s.mu.Unlock()
			if restart {
				s.logf("server %d exited (%v); %d requests wait for the next", c.cmd.Process.Pid, err, n)
			} else {
				s.logf("server %d exited (%v)", c.cmd.Process.Pid, err)
			}
			if !restart {
				continue
			}
			if time.Since(started) < quickDeath {
				backoff = min(max(2*backoff, 50*time.Millisecond), 2*time.Second)
				time.Sleep(backoff)
			} else {
				backoff = 0
			}
			start()
		}
	}
}

func (s *Supervisor) markReady() {
	s.ready.Do(func() {
		if s.Ready != nil {
			s.Ready()
		}
	})
}

// Detach stops reading requests, waits (timeout at most) until the server has answered
// those it was given, and returns the number left unanswered. The connection stays; the
// next supervisor (systemd's fd store) goes on with it.
func (s *Supervisor) Detach(timeout time.Duration) int {
	s.mu.Lock()
	s.detached = true
	dev := s.dev
	s.mu.Unlock()
	if dev != nil {
		dev.SetReadDeadline(time.Now())
	}
	end := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		n := len(s.pending)
		s.mu.Unlock()
		if n == 0 || time.Now().After(end) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// readDev reads the kernel's requests until the connection ends.
func (s *Supervisor) readDev() error {
	buf := make([]byte, relayBuf)
	for {
		n, err := s.dev.Read(buf)
		switch {
		case err == nil:
		case err == io.EOF:
			return nil // the connection is gone (a socket in tests)
		case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.ENODEV):
			return nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			s.mu.Lock()
			d := s.detached
			s.mu.Unlock()
			if d {
				select {} // Run goes on relaying replies until the process exits
			}
			continue
		default:
			return err
		}
		if n < 40 {
			continue
		}
		req := append([]byte(nil), buf[:n]...)
		op := binary.LittleEndian.Uint32(req[4:])
		unique := binary.LittleEndian.Uint64(req[8:])
		s.mu.Lock()
		if op == opInit && s.init == nil {
			s.init = req
			if s.OnInit != nil {
				s.OnInit(req)
			}
		}
		tracked := op != opForget && op != opBatchForget && op != opInterrupt
		if tracked {
			s.pending[unique] = req
		}
		if c := s.cur; c != nil {
			if tracked {
				s.given[unique] = time.Now()
			}
			if err := sendMsg(c.sock, req); err != nil {
				// The server is going: the request is replayed to the next one.
				s.logf("relay to server: %v", err)
			}
		}
		s.mu.Unlock()
	}
}

func sendMsg(fd int, b []byte) error {
	for {
		_, err := syscall.Write(fd, b)
		if err != syscall.EINTR {
			return err
		}
	}
}

// start starts a server, gives it INIT when the connection has one, and makes it the
// current server: the requests not answered yet are sent to it.
func (s *Supervisor) start() error {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	theirs := os.NewFile(uintptr(fds[1]), "fuse-relay")
	cmd := s.Command()
	cmd.ExtraFiles = append([]*os.File{theirs}, cmd.ExtraFiles...)
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	err = cmd.Start()
	theirs.Close()
	if err != nil {
		syscall.Close(fds[0])
		return err
	}
	c := &child{cmd: cmd, sock: fds[0]}
	s.mu.Lock()
	s.starts++
	init := s.init
	s.mu.Unlock()
	if init != nil {
		// The kernel has its INIT reply: this server's is dropped.
		buf := make([]byte, relayBuf)
		if err := sendMsg(c.sock, init); err != nil {
			return s.failed(c, err)
		}
		tv := syscall.NsecToTimeval(int64(initTimeout))
		syscall.SetsockoptTimeval(c.sock, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
		if n, err := syscall.Read(c.sock, buf); err != nil || n == 0 {
			return s.failed(c, fmt.Errorf("no INIT reply (%v)", err))
		}
		tv = syscall.Timeval{}
		syscall.SetsockoptTimeval(c.sock, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	}
	s.logf("server %d started", cmd.Process.Pid)
	s.mu.Lock()
	s.cur = c
	ids := make([]uint64, 0, len(s.pending))
	for id := range s.pending {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	now := time.Now()
	for _, id := range ids {
		s.given[id] = now
		sendMsg(c.sock, s.pending[id])
	}
	s.mu.Unlock()
	go s.readReplies(c)
	return nil
}

func (s *Supervisor) failed(c *child, err error) error {
	c.cmd.Process.Kill()
	c.cmd.Wait()
	syscall.Close(c.sock)
	return err
}

// readReplies writes a server's replies to the kernel until the server is gone.
func (s *Supervisor) readReplies(c *child) {
	buf := make([]byte, relayBuf)
	for {
		n, err := syscall.Read(c.sock, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n == 0 {
			break
		}
		if n < 16 {
			continue
		}
		unique := binary.LittleEndian.Uint64(buf[8:])
		s.mu.Lock()
		isInit := s.init != nil && unique == binary.LittleEndian.Uint64(s.init[8:])
		delete(s.pending, unique)
		delete(s.tries, unique)
		delete(s.given, unique)
		s.mu.Unlock()
		// ENOENT: the request was interrupted or answered already.
		s.dev.Write(buf[:n])
		if isInit {
			s.markReady()
		}
	}
	s.mu.Lock()
	if s.cur == c {
		s.cur = nil
		clear(s.given)
		for id := range s.pending {
			if s.tries[id]++; s.tries[id] >= maxTries {
				s.logf("request %d (opcode %d) was pending at %d server deaths: EIO", id, binary.LittleEndian.Uint32(s.pending[id][4:]), maxTries)
				s.dev.Write(errorReply(id, syscall.EIO))
				delete(s.pending, id)
				delete(s.tries, id)
			}
		}
	}
	s.mu.Unlock()
	syscall.Close(c.sock)
	s.died <- c
}

// errorReply is a FUSE reply header answering request id with errno e.
func errorReply(id uint64, e syscall.Errno) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b, 16)
	binary.LittleEndian.PutUint32(b[4:], uint32(-int32(e)))
	binary.LittleEndian.PutUint64(b[8:], id)
	return b
}
