package cgview

import (
	"fmt"
	"strconv"
)

// SarMounts is the mount table sar -F reads (sysstat reads /etc/mtab, which on Debian is
// /proc/self/mounts): this process's mount namespace, which inside a container already is
// the container's (docs/semantics.md "What stays the host's"), in both modes; read through the
// view's root (CGPROCPS_ROOT). Sizes are not the view's: sar measures the mount points with
// statvfs on the real paths, as df does.
func (v *View) SarMounts() ([]byte, error) {
	b, err := v.fs.read("/proc/self/mounts")
	if err != nil {
		return nil, fmt.Errorf("/proc/self/mounts: %w", unwrapPathErr(err))
	}
	return b, nil
}

// SarSerial is /proc/tty/driver/serial (sar -y) through the view's root, as it is in both
// modes: serial lines are the host kernel's, scoped by no cgroup or namespace.
func (v *View) SarSerial() ([]byte, error) {
	b, err := v.fs.read("/proc/tty/driver/serial")
	if err != nil {
		return nil, fmt.Errorf("/proc/tty/driver/serial: %w", unwrapPathErr(err))
	}
	return b, nil
}

// SarMountsOf is the mount table of process pid (/proc/PID/mounts through the view's root):
// sar -F of another process's mount namespace (--pid, --cgroup).
func (v *View) SarMountsOf(pid int) ([]byte, error) {
	p := "/proc/" + strconv.Itoa(pid) + "/mounts"
	b, err := v.fs.read(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
	}
	return b, nil
}
