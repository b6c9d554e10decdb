package tui

import "syscall"

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
