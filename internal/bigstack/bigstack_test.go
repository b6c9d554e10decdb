package bigstack

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsNothing: the package must stay free of imports, or it is no longer initialised
// before internal/godebug (see the package comment).
func TestImportsNothing(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Fatalf("bigstack imports %s", s)
	}
}

// TestGrow: entering the 16 KiB frame from a fresh goroutine (2 KiB stack) works.
func TestGrow(t *testing.T) {
	done := make(chan struct{})
	go func() {
		grow()
		close(done)
	}()
	<-done
}
