package rawsys

import "syscall"

// ReadFile is os.ReadFile without package os: os.Open registers each file with the runtime's
// network poller, and the first registration creates the poller itself (epoll_create1,
// eventfd2, epoll_ctl): a tool that reads one ordinary file (a zone file, utmp) pays more for
// that than for the read. For small files read once at start-up. Errors are syscall.Errno.
func ReadFile(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	b := make([]byte, 0, 4096)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
	}
}
