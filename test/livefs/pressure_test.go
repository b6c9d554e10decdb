package livefs

import (
	"os"
	"strings"
	"testing"
)

// Through the mount: proc/pressure lists cpu, memory and io; a container on this v1 host
// gets ENOENT for each (no per-cgroup pressure on v1, never the host's); a host-mode reader
// (this test) gets the host's file where the kernel has PSI.
func TestPressureMounted(t *testing.T) {
	m := mount(t)
	ents, err := os.ReadDir(m.dir + "/proc/pressure")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "cpu io memory" {
		t.Errorf("proc/pressure lists %v", names)
	}
	g := newGroup(t, "pressure", 256<<20, 0, "0-1")
	out := g.run(t, `for f in cpu memory io; do cat "$1/$f" 2>/dev/null && echo "read $f"; done; echo done`, m.dir+"/proc/pressure")
	if out != "done\n" {
		t.Errorf("a v1 container read its pressure files:\n%s", out)
	}
	if _, err := os.Stat("/proc/pressure/cpu"); err != nil {
		return
	}
	b, err := os.ReadFile(m.dir + "/proc/pressure/cpu")
	if err != nil || !strings.HasPrefix(string(b), "some avg10=") {
		t.Errorf("host reader: %q, %v", b, err)
	}
}
