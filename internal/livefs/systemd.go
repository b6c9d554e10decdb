package livefs

import (
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// systemd's file-descriptor store (docs/livefs.md): the supervisor gives systemd the
// /dev/fuse descriptor ("fuse") and a memory file holding the connection's INIT request
// ("init"); when systemd starts the service again (a crash, SIGUSR2) it passes both back
// (LISTEN_FDS), and the new supervisor goes on with the mount instead of making one.

// ListenFDs returns the descriptors systemd passed to this process, by name
// (LISTEN_FDNAMES), and unsets the variables. Empty when there are none for this process.
func ListenFDs() map[string]*os.File {
	defer func() {
		os.Unsetenv("LISTEN_PID")
		os.Unsetenv("LISTEN_FDS")
		os.Unsetenv("LISTEN_FDNAMES")
	}()
	out := map[string]*os.File{}
	if pid, err := strconv.Atoi(os.Getenv("LISTEN_PID")); err != nil || pid != os.Getpid() {
		return out
	}
	n, err := strconv.Atoi(os.Getenv("LISTEN_FDS"))
	if err != nil || n <= 0 || n > 64 {
		return out
	}
	names := strings.Split(os.Getenv("LISTEN_FDNAMES"), ":")
	for i := 0; i < n; i++ {
		fd := 3 + i
		syscall.CloseOnExec(fd)
		name := "unknown"
		if i < len(names) && names[i] != "" {
			name = names[i]
		}
		out[name] = os.NewFile(uintptr(fd), name)
	}
	return out
}

// Notify sends state to systemd (NOTIFY_SOCKET) with files attached (SCM_RIGHTS); false
// when there is no such socket.
func Notify(state string, files ...*os.File) (bool, error) {
	addr := os.Getenv("NOTIFY_SOCKET")
	if addr == "" {
		return false, nil
	}
	if addr[0] == '@' {
		addr = "\x00" + addr[1:]
	}
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return false, err
	}
	defer syscall.Close(fd)
	var oob []byte
	if len(files) > 0 {
		fds := make([]int, len(files))
		for i, f := range files {
			fds[i] = int(f.Fd())
		}
		oob = syscall.UnixRights(fds...)
	}
	err = syscall.Sendmsg(fd, []byte(state), oob, &syscall.SockaddrUnix{Name: addr}, 0)
	return err == nil, err
}

// MemFile is an anonymous memory file holding b (memfd_create).
func MemFile(name string, b []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), name)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadAllAt reads f from its start.
func ReadAllAt(f *os.File) ([]byte, error) {
	return io.ReadAll(io.NewSectionReader(f, 0, 1<<20))
}
