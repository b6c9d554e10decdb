package livefs

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/cgview"
)

// pressure is proc/pressure/NAME (cpu, memory, io) for view v: in container mode its
// cgroup2 folder's NAME.pressure, which the kernel writes in /proc/pressure's format
// ("some avg10=... avg60=... avg300=... total=..." and "full ..."); in host mode the host's
// /proc/pressure/NAME. ENOENT when there is none: a container on cgroup v1 or on a hybrid
// host (the kernel keeps no per-cgroup pressure in v1, the process's cgroup2 folder there is
// not its container's, and the host's would be another's numbers, as the host's load average
// is never shown in container mode), or a kernel without PSI.
func pressure(v *cgview.View, name string) ([]byte, error) {
	p := "/proc/pressure/" + name
	if v.Container() {
		dir := v.PressureDir()
		if dir == "" {
			return nil, syscall.ENOENT
		}
		p = dir + "/" + name + ".pressure"
	}
	b, err := v.FS().ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, syscall.ENOENT
	}
	if err != nil {
		return nil, syscall.EIO
	}
	return b, nil
}
