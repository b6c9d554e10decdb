//go:build amd64 || arm64

// Package rawsys holds the raw system calls the tools make themselves: short calls on kernel
// files where the runtime's blocking-syscall wrapper would only add a possible thread hand-off
// to a one-shot tool.
package rawsys

import (
	"syscall"
	"unsafe"
)

// AtSymlinkNoFollow is fstatat's AT_SYMLINK_NOFOLLOW.
const AtSymlinkNoFollow = 0x100

// atFDCWD is AT_FDCWD (a variable: the conversion to uintptr wraps at run time).
var atFDCWD = -100

// Fstatat is fstatat(AT_FDCWD, path, st, flags) as a raw system call.
func Fstatat(path string, st *syscall.Stat_t, flags int) error {
	b, err := syscall.BytePtrFromString(path)
	if err != nil {
		return err
	}
	_, _, e := syscall.RawSyscall6(sysFstatat, uintptr(atFDCWD), uintptr(unsafe.Pointer(b)),
		uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
