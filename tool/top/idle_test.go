package top

import (
	"strings"
	"testing"
)

// A saturated container's rendered idle may step back by a tick or two: in container mode that
// interval reads busy (idle 0), not procps's discarded interval (100 % idle); on the host, and
// for busy counters going backwards anywhere, the counters still reset as procps's do.
func TestIdleSteppingBack(t *testing.T) {
	prev := CPUTicks{241, 0, 16, 7}
	cur := CPUTicks{442, 0, 27, 6} // user +201, system +11, idle -1
	got := cpuStates("%Cpu(s):", &cur, &prev, 0, 0, true)
	if !strings.Contains(got, " 94.8 us,  5.2 sy,  0.0 ni,  0.0 id,") {
		t.Errorf("container: %q", got)
	}
	got = cpuStates("%Cpu(s):", &cur, &prev, 0, 0, false)
	if !strings.Contains(got, "  0.0 us,  0.0 sy,  0.0 ni,100.0 id,") {
		t.Errorf("host (procps's rule): %q", got)
	}
	// A recreated cgroup: user goes back. Reset in both modes.
	back := CPUTicks{10, 0, 1, 500}
	for _, container := range []bool{true, false} {
		if got := cpuStates("%Cpu(s):", &back, &cur, 0, 0, container); !strings.Contains(got, "100.0 id,") {
			t.Errorf("busy backwards (container %v): %q", container, got)
		}
	}
}
