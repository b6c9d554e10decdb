package cgview

import (
	"strings"
	"testing"
)

func TestProjectSarIRQ(t *testing.T) {
	in := "           CPU0       CPU1       CPU2       CPU3\n" +
		"  0:         10         11         12         13   IO-APIC   2-edge      timer\n" +
		"ERR:          7\n" +
		"NMI:          1          2          3          4   Non-maskable interrupts\n"
	got := string(projectInterrupts([]byte(in), []int{2, 0}))
	want := "           CPU0       CPU1       \n" +
		"  0:         12         10   IO-APIC   2-edge      timer\n" +
		"ERR:          7\n" +
		"NMI:          3          1   Non-maskable interrupts\n"
	if got != want {
		t.Errorf("interrupts:\n%s--- want\n%s", got, want)
	}
	soft := "00000001 0 0 0 0 0 0 0 0 0 0 0 00000000\n00000002 0 0 0 0 0 0 0 0 0 0 0 00000001\n00000003 0 0 0 0 0 0 0 0 0 0 0 00000002\n"
	got = string(projectSoftnet([]byte(soft), []int{2, 0}))
	if want := "00000003 0 0 0 0 0 0 0 0 0 0 0 00000000\n00000001 0 0 0 0 0 0 0 0 0 0 0 00000001\n"; got != want {
		t.Errorf("softnet:\n%s--- want\n%s", got, want)
	}
	// Without CPU numbers, lines go by position.
	got = string(projectSoftnet([]byte("a 1\nb 2\nc 3\n"), []int{1}))
	if got != "b 2\n" {
		t.Errorf("softnet by position: %q", got)
	}
}

// FuzzProjectSarIRQ: the container projections of /proc/interrupts and softnet_stat never
// panic and keep one header column per container CPU.
func FuzzProjectSarIRQ(f *testing.F) {
	f.Add([]byte("  CPU0 CPU1\n 0: 1 2 x\nERR: 3\n"), []byte("1 2 3 0 0 0 0 0 0 4 5 6 00000001\n"), uint8(1))
	f.Add([]byte("CPU3 CPUx CPU-1 CPU99999999999999999999\n0:\n:\n"), []byte("\n\nzz\n"), uint8(3))
	f.Fuzz(func(t *testing.T, irq, soft []byte, n uint8) {
		cpus := make([]int, int(n%8)+1)
		for i := range cpus {
			cpus[i] = (i * 3) % 5
		}
		out := projectInterrupts(irq, cpus)
		if strings.Contains(string(irq), "CPU") {
			hdr := strings.SplitN(string(out), "\n", 2)[0]
			if c := strings.Count(hdr, "CPU"); c != len(cpus) {
				t.Fatalf("header %q: %d CPUs, want %d", hdr, c, len(cpus))
			}
		}
		projectSoftnet(soft, cpus)
	})
}
