package robust

import (
	"os"
	"testing"
)

// sar -F and -y over a malformed mount table (/proc/self/mounts under CGPROCPS_ROOT) and
// serial file (/proc/tty/driver/serial): the captures carry neither, so each capture copy
// gets stand-ins, then mutated; container mode and --host both run. Sizes come from statvfs
// of the real paths.
func TestSarFSOverMutatedMounts(t *testing.T) {
	mounts, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		mounts = []byte("/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n")
	}
	serial := []byte("serinfo:1.0 driver revision:\n0: uart:16550A port:000003F8 irq:4 tx:218 rx:3 fe:1 RTS\n" +
		"1: uart:unknown port:000002F8 irq:3\n")
	sarOverMutatedStandIns(t, "sar -F -y", map[string][]byte{"proc/self/mounts": mounts, "proc/tty/driver/serial": serial},
		[]string{"-u", "-F", "-y", "0"})
}
