package tui

import (
	"syscall"
	"unsafe"
)

// tcsetsf is TCSETSF (tcsetattr with TCSAFLUSH): TCSETS+2 on every Linux architecture
// (0x5404 on x86 and the generic ABI, 0x5410 on mips, 0x802c7416 on powerpc).
const tcsetsf = syscall.TCSETS + 2

func ioctl(fd uintptr, req uintptr, arg unsafe.Pointer) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg))
	if e != 0 {
		return e
	}
	return nil
}

// tcgetattr reads the terminal settings of fd.
func tcgetattr(fd uintptr) (*syscall.Termios, error) {
	var t syscall.Termios
	if err := ioctl(fd, syscall.TCGETS, unsafe.Pointer(&t)); err != nil {
		return nil, err
	}
	return &t, nil
}

// tcsetattr applies t to fd as tcsetattr(fd, TCSAFLUSH, t) does (pending input is dropped),
// retrying on EINTR.
func tcsetattr(fd uintptr, t *syscall.Termios) error {
	for {
		err := ioctl(fd, tcsetsf, unsafe.Pointer(t))
		if err != syscall.EINTR {
			return err
		}
	}
}

// rawMode derives the settings top 4.0.2 uses for single keystrokes from the original ones:
// canonical mode, echo and the echo variants off, one byte at a time (VMIN 1, VTIME 0).
// Signals stay on (Ctrl-C raises SIGINT, Ctrl-Z SIGTSTP, handled by Run), as does output
// processing (so "\n" still moves to column 0) and ICRNL (Enter reads
// as '\n', KeyEnter).
func rawMode(orig *syscall.Termios) *syscall.Termios {
	t := *orig
	t.Lflag |= syscall.ISIG
	t.Lflag &^= syscall.ICANON | syscall.ECHO | syscall.ECHOE | syscall.ECHOCTL | syscall.ECHOK | syscall.ECHONL
	t.Cc[syscall.VMIN] = 1
	t.Cc[syscall.VTIME] = 0
	return &t
}

type winsize struct {
	Row, Col, Xpixel, Ypixel uint16
}

// getSize asks the terminal of fd for its size.
func getSize(fd uintptr) (width, height int, err error) {
	var ws winsize
	if err := ioctl(fd, syscall.TIOCGWINSZ, unsafe.Pointer(&ws)); err != nil {
		return 0, 0, err
	}
	return int(ws.Col), int(ws.Row), nil
}
