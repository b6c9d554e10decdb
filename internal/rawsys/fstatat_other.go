//go:build !amd64 && !arm64

// Package rawsys holds the raw system calls the tools make themselves (see fstatat.go); on
// the architectures the project does not release for, the standard wrappers stand in.
package rawsys

import "syscall"

// AtSymlinkNoFollow is fstatat's AT_SYMLINK_NOFOLLOW.
const AtSymlinkNoFollow = 0x100

// Fstatat is stat, or lstat with AtSymlinkNoFollow.
func Fstatat(path string, st *syscall.Stat_t, flags int) error {
	if flags&AtSymlinkNoFollow != 0 {
		return syscall.Lstat(path, st)
	}
	return syscall.Stat(path, st)
}
