package cgview

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSarFiles(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "proc/net"), 0o755)
	os.WriteFile(filepath.Join(root, "proc/net/dev"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "proc/meminfo"), []byte("y"), 0o644)
	for _, c := range []string{"cpu0", "cpu1", "cpufreq", "cpuidle"} {
		os.MkdirAll(filepath.Join(root, "sys/devices/system/cpu", c), 0o755)
	}
	os.MkdirAll(filepath.Join(root, "sys/dev/block"), 0o755)
	os.Symlink("../../devices/virtual/block/loop0", filepath.Join(root, "sys/dev/block/7:0"))
	v := &View{fs: fsys{root: root}}
	if b, err := v.SarFile("/proc/net/dev"); err != nil || string(b) != "x" {
		t.Errorf("SarFile: %q %v", b, err)
	}
	if _, err := v.SarFile("/proc/meminfo"); err == nil {
		t.Error("SarFile read a path outside its prefixes")
	}
	if _, err := v.SarFile("/proc/net/../meminfo"); err == nil {
		t.Error("SarFile followed ..")
	}
	if !v.SarExists("/proc/net/dev") || v.SarExists("/proc/net/snmp") || v.SarExists("/proc/meminfo") {
		t.Error("SarExists")
	}
	if n := v.SarCPUDirs(); n != 2 {
		t.Errorf("SarCPUDirs = %d, want 2", n)
	}
	if l, ok := v.SarReadlink("/sys/dev/block/7:0"); !ok || l != "../../devices/virtual/block/loop0" {
		t.Errorf("SarReadlink = %q %v", l, ok)
	}
}
