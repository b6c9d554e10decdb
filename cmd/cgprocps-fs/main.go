// Command cgprocps-fs serves the live view (docs/livefs.md): a read-only FUSE filesystem
// laid out as /var/lib/lxcfs whose files are rendered for the cgroup of each reader.
//
//	cgprocps-fs [--foreground] MOUNTPOINT
//
// Without --foreground it starts itself again in the background and returns once the
// filesystem is mounted. SIGINT or SIGTERM unmounts it (lazily when it is busy) and exits,
// after 2 s at most.
// It is a binary of its own so the tools do not link go-fuse (docs/decisions.md).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/livefs"
	"github.com/cgprocps/cgprocps/internal/version"
)

const prog = "cgprocps-fs"

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [--foreground] MOUNTPOINT\n", prog)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if os.Getenv(serveFDEnv) == "3" {
		os.Unsetenv(serveFDEnv)
		return serve(stderr)
	}
	fg := false
	var ops []string
	for i, a := range args {
		switch a {
		case "-f", "--foreground":
			fg = true
		case "-h", "--help":
			usage(stdout)
			return 0
		case "-V", "--version":
			fmt.Fprintf(stdout, "%s %s\n", prog, version.Version)
			return 0
		case "--":
			ops = append(ops, args[i+1:]...)
		default:
			if len(a) > 1 && a[0] == '-' {
				fmt.Fprintf(stderr, "%s: unrecognized option '%s'\n", prog, a)
				usage(stderr)
				return 1
			}
			ops = append(ops, a)
			continue
		}
		if a == "--" {
			break
		}
	}
	if len(ops) != 1 {
		usage(stderr)
		return 1
	}
	mnt, err := filepath.Abs(ops[0])
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	if !fg {
		return background(mnt, stderr)
	}
	return supervise(mnt, stderr)
}

// serveFDEnv names the descriptor a server process reads its requests from (the supervisor
// starts this program again with it).
const serveFDEnv = "CGPROCPS_FS_SERVE_FD"

// serve is the server process: it answers the requests the supervisor relays on fd 3.
// SIGINT and SIGHUP are the supervisor's (a terminal's ^C reaches both); SIGTERM stops it.
func serve(stderr io.Writer) int {
	signal.Ignore(os.Interrupt, syscall.SIGHUP, syscall.SIGUSR2)
	srv := &livefs.Server{SampleLoad: true}
	srv.ResumeLoad() // a previous server's load samplers (state files), before the first request
	if err := livefs.Serve(os.NewFile(3, "fuse-relay"), srv); err != nil {
		fmt.Fprintf(stderr, "%s: serve: %v\n", prog, err)
		return 1
	}
	return 0
}

// supervise mounts the filesystem (or takes the connection systemd kept: LISTEN_FDS) and
// relays it to a server process it restarts when it dies (docs/livefs.md). SIGHUP starts a
// new server from the binary on disk (an upgrade); SIGUSR2, under systemd with the
// connection in its fd store, exits and leaves the mount to the next start; SIGINT and
// SIGTERM unmount and exit.
func supervise(mnt string, stderr io.Writer) int {
	// A background parent reads fd 3 to its end: 1 when the mount is up, else the error.
	var ready *os.File
	if os.Getenv("CGPROCPS_FS_READY_FD") == "3" {
		ready = os.NewFile(3, "ready")
		os.Unsetenv("CGPROCPS_FS_READY_FD")
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	dev, init, stored := adopt(mnt, stderr)
	if dev == nil {
		// A mount left by a supervisor that died without systemd: its connection is gone.
		if _, err := os.Stat(mnt); errors.Is(err, syscall.ENOTCONN) {
			syscall.Unmount(mnt, syscall.MNT_DETACH)
		}
		dev, err = livefs.MountFD(mnt)
		if err != nil {
			msg := fmt.Sprintf("%s: mount %s: %v\n", prog, mnt, err)
			if ready != nil {
				ready.WriteString(msg)
			}
			io.WriteString(stderr, msg)
			return 1
		}
		stored, _ = livefs.Notify("FDSTORE=1\nFDNAME=fuse", dev)
	}
	sup := &livefs.Supervisor{
		Dev:  dev,
		Init: init,
		Log:  stderr,
		Command: func() *exec.Cmd {
			c := exec.Command(self)
			c.Env = append(os.Environ(), serveFDEnv+"=3")
			c.Stderr = stderr
			c.Dir = "/"
			return c
		},
		OnInit: func(b []byte) {
			if !stored {
				return
			}
			if m, err := livefs.MemFile("cgprocps-fs-init", b); err == nil {
				livefs.Notify("FDSTORE=1\nFDNAME=init", m)
				m.Close()
			}
		},
		Ready: func() {
			if ready != nil {
				ready.Write([]byte{1})
				ready.Close()
			}
			livefs.Notify("READY=1")
		},
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGUSR2)
	go func() {
		for s := range sig {
			switch s {
			case syscall.SIGHUP:
				fmt.Fprintf(stderr, "%s: SIGHUP: starting a new server\n", prog)
				sup.Upgrade()
				continue
			case syscall.SIGUSR2:
				if !stored {
					fmt.Fprintf(stderr, "%s: SIGUSR2 ignored: no fd store to keep the connection in\n", prog)
					continue
				}
				n := sup.Detach(stopGrace)
				fmt.Fprintf(stderr, "%s: SIGUSR2: leaving the connection to the next start (%d requests unanswered)\n", prog, n)
				os.Exit(0)
			}
			// A stop: the next start mounts afresh.
			livefs.Notify("FDSTOREREMOVE=1\nFDNAME=fuse")
			livefs.Notify("FDSTOREREMOVE=1\nFDNAME=init")
			go func() {
				if err := syscall.Unmount(mnt, 0); err != nil {
					// Busy (an open file or a working folder inside it): detach it.
					syscall.Unmount(mnt, syscall.MNT_DETACH)
				}
			}()
			// The kernel ends the connection, and Run returns, only when no mount of it is
			// left: a file bound into a container keeps it. Exiting closes /dev/fuse, and
			// such binds then fail with ENOTCONN (as LXCFS's do when it stops).
			time.Sleep(stopGrace)
			fmt.Fprintf(stderr, "%s: %s is still bound elsewhere; exiting (reads there fail with ENOTCONN)\n", prog, mnt)
			os.Exit(0)
		}
	}()
	if err := sup.Run(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	return 0
}

// adopt takes the connection systemd kept for this service, if any and if mnt is still
// its mount: the /dev/fuse descriptor and the INIT request.
func adopt(mnt string, stderr io.Writer) (dev *os.File, init []byte, ok bool) {
	fds := livefs.ListenFDs()
	f, m := fds["fuse"], fds["init"]
	if f == nil || m == nil {
		return nil, nil, false
	}
	b, err := livefs.ReadAllAt(m)
	m.Close()
	if err != nil || len(b) < 40 || !mountedFUSE(mnt) {
		fmt.Fprintf(stderr, "%s: not taking the stored connection (mount gone or no INIT); mounting again\n", prog)
		livefs.Notify("FDSTOREREMOVE=1\nFDNAME=fuse")
		livefs.Notify("FDSTOREREMOVE=1\nFDNAME=init")
		f.Close()
		return nil, nil, false
	}
	fmt.Fprintf(stderr, "%s: going on with the connection systemd kept\n", prog)
	return f, b, true
}

// mountedFUSE reports whether mnt is a cgprocps FUSE mount point.
func mountedFUSE(mnt string) bool {
	b, _ := os.ReadFile("/proc/self/mountinfo")
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) > 4 && f[4] == mnt && strings.Contains(l, " - fuse.cgprocps ") {
			return true
		}
	}
	return false
}

// stopGrace is how long SIGINT/SIGTERM waits for the last mount to go.
const stopGrace = 2 * time.Second

// background starts this program again with --foreground in a new session, its standard
// streams on /dev/null, and returns 0 once it has mounted the filesystem.
func background(mnt string, stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	cmd := exec.Command(self, "--foreground", "--", mnt)
	cmd.Env = append(os.Environ(), "CGPROCPS_FS_READY_FD=3")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Dir = "/" // not to hold the caller's folder busy
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	w.Close()
	b, _ := io.ReadAll(r)
	if len(b) == 1 && b[0] == 1 {
		return 0
	}
	cmd.Wait()
	if len(b) == 0 {
		b = []byte(prog + ": the background server exited before mounting\n")
	}
	stderr.Write(b)
	return 1
}
