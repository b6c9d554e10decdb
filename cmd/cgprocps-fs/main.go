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
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
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
	// A background parent reads fd 3 to its end: 1 when the mount is up, else the error.
	var ready *os.File
	if os.Getenv("CGPROCPS_FS_READY_FD") == "3" {
		ready = os.NewFile(3, "ready")
		os.Unsetenv("CGPROCPS_FS_READY_FD")
	}
	srv, err := livefs.Mount(mnt, &livefs.Server{})
	if err != nil {
		msg := fmt.Sprintf("%s: mount %s: %v\n", prog, mnt, err)
		if ready != nil {
			ready.WriteString(msg)
		}
		io.WriteString(stderr, msg)
		return 1
	}
	if ready != nil {
		ready.Write([]byte{1})
		ready.Close()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		go func() {
			if err := srv.Unmount(); err != nil {
				// Busy (an open file or a working folder inside it): detach it.
				syscall.Unmount(mnt, syscall.MNT_DETACH)
			}
		}()
		// The kernel ends the connection, and Wait returns, only when no mount of it is
		// left: a file bound into a container keeps it. Exiting closes /dev/fuse, and
		// such binds then fail with ENOTCONN (as LXCFS's do when it stops).
		time.Sleep(stopGrace)
		fmt.Fprintf(stderr, "%s: %s is still bound elsewhere; exiting (reads there fail with ENOTCONN)\n", prog, mnt)
		os.Exit(0)
	}()
	srv.Wait()
	return 0
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
