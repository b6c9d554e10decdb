package cgview

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// Raw file access for sar's reports that keep the machine's files as they are in container
// mode too (docs/semantics.md "What stays the host's": /proc/net/* is already per network
// namespace) and for the few /sys presence checks sysstat makes. Every path goes through the
// view's root (CGPROCPS_ROOT).

// sarRawPrefixes are the only paths SarFile and SarExists accept.
var sarRawPrefixes = []string{"/proc/net/", "/sys/class/net/", "/sys/block/", "/sys/dev/block/", "/sys/devices/system/cpu",
	"/proc/sys/fs/", "/proc/sys/kernel/pty/"}

func sarRawAllowed(p string) bool {
	for _, pre := range sarRawPrefixes {
		if strings.HasPrefix(p, pre) {
			return !strings.Contains(p, "..")
		}
	}
	return false
}

// SarFile reads machine path p (under /proc/net, /sys/class/net, /sys/block, /sys/dev/block,
// /sys/devices/system/cpu, /proc/sys/fs or /proc/sys/kernel/pty) through the view's root,
// unchanged in either mode.
func (v *View) SarFile(p string) ([]byte, error) {
	if !sarRawAllowed(p) {
		return nil, fmt.Errorf("%s: not a raw sar file", p)
	}
	b, err := v.fs.read(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
	}
	return b, nil
}

// SarExists reports whether machine path p (same prefixes as SarFile) exists under the root.
func (v *View) SarExists(p string) bool {
	if !sarRawAllowed(p) {
		return false
	}
	_, err := os.Stat(v.fs.path(p))
	return err == nil
}

// SarReadlink reads the symlink at machine path p (same prefixes as SarFile) under the root.
func (v *View) SarReadlink(p string) (string, bool) {
	if !sarRawAllowed(p) {
		return "", false
	}
	var buf [4096]byte
	n, err := syscall.Readlink(v.fs.path(p), buf[:])
	if err != nil || n <= 0 || n >= len(buf) {
		return "", false
	}
	return string(buf[:n]), true
}

// SarCPUDirs counts the cpuN folders of /sys/devices/system/cpu under the root, as sysstat
// counts them for its "(N CPU)" banner; 0 when the folder cannot be read.
func (v *View) SarCPUDirs() int {
	names, err := v.fs.readSubdirs("/sys/devices/system/cpu")
	if err != nil {
		return 0
	}
	n := 0
	for _, name := range names {
		if len(name) > 3 && strings.HasPrefix(name, "cpu") && name[3] >= '0' && name[3] <= '9' {
			n++
		}
	}
	return n
}
