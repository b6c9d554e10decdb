package machine

import (
	"syscall"
	"unsafe"
)

// The terminal: the only place the tools probe or set it. The probes (TCGETS, TIOCGWINSZ)
// are raw system calls: a terminal answers them from its own state, never by waiting on
// another process. Setting the state with TCSAFLUSH waits for pending output to drain (a
// terminal stopped with ^S holds it), so that one is a blocking call.

// ioctl is ioctl(fd, req, arg) as a raw system call.
func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
	if e != 0 {
		return e
	}
	return nil
}

// IsTerminal is isatty(fd): TCGETS succeeds.
func IsTerminal(fd int) bool {
	var t syscall.Termios
	return ioctl(fd, syscall.TCGETS, unsafe.Pointer(&t)) == nil
}

// WinSize is the terminal's size on fd (TIOCGWINSZ): columns and rows, as the terminal
// reports them (0 when it does not know).
func WinSize(fd int) (cols, rows int, err error) {
	var ws struct{ Row, Col, Xpixel, Ypixel uint16 }
	if err := ioctl(fd, syscall.TIOCGWINSZ, unsafe.Pointer(&ws)); err != nil {
		return 0, 0, err
	}
	return int(ws.Col), int(ws.Row), nil
}

// Termios is tcgetattr(fd).
func Termios(fd int) (*syscall.Termios, error) {
	var t syscall.Termios
	if err := ioctl(fd, syscall.TCGETS, unsafe.Pointer(&t)); err != nil {
		return nil, err
	}
	return &t, nil
}

// tcsetsf is TCSETSF (tcsetattr with TCSAFLUSH): TCSETS+2 on every Linux architecture
// (0x5404 on x86 and the generic ABI, 0x5410 on mips, 0x802c7416 on powerpc).
const tcsetsf = syscall.TCSETS + 2

// SetTermios applies t to fd as tcsetattr(fd, TCSAFLUSH, t) does (pending input is
// dropped), retrying on EINTR.
func SetTermios(fd int, t *syscall.Termios) error {
	for {
		_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), tcsetsf, uintptr(unsafe.Pointer(t)))
		if e != syscall.EINTR {
			if e != 0 {
				return e
			}
			return nil
		}
	}
}

// fdFile is an *os.File, or anything else that has a descriptor.
type fdFile interface{ Fd() uintptr }

// IsTerminalFile reports whether w is a file on a terminal (false for a writer that is not a
// file, such as a test's buffer).
func IsTerminalFile(w any) bool {
	f, ok := w.(fdFile)
	return ok && IsTerminal(int(f.Fd()))
}

// WinSizeOf is WinSize of w's descriptor (an error when w is not a file).
func WinSizeOf(w any) (cols, rows int, err error) {
	f, ok := w.(fdFile)
	if !ok {
		return 0, 0, syscall.ENOTTY
	}
	return WinSize(int(f.Fd()))
}
