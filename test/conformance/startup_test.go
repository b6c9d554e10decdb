package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBigstackInitialisedFirst checks what internal/bigstack relies on: its init runs before
// any other package's (before internal/godebug's, whose initialisation would otherwise grow
// the main goroutine's stack), in the multicall binary as built.
func TestBigstackInitialisedFirst(t *testing.T) {
	cmd := exec.Command(filepath.Join(bin(t), "free"))
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("free: %v\n%s", err, out)
	}
	var order []string
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	// The runtime's own packages come first, up to runtime itself; then bigstack.
	for i, p := range order {
		if p != "runtime" {
			continue
		}
		if i+1 >= len(order) || order[i+1] != "github.com/cgprocps/cgprocps/internal/bigstack" {
			t.Fatalf("bigstack is not the first package initialised after the runtime: %v", order)
		}
		return
	}
	t.Fatalf("no init trace in the output:\n%s", out)
}
