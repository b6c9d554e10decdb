package top_test

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// processTree starts sh → (sleep, sleep → sleep), each started a moment after the one
// before (top orders the forest by start time), and returns the four PIDs.
func processTree(t *testing.T) []int {
	t.Helper()
	cmd := exec.Command("sh", "-c", `sleep 3600 & sleep 0.1; sh -c 'sleep 3602 & wait' & wait`)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, pid := range descendants(cmd.Process.Pid) {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		pids := append([]int{cmd.Process.Pid}, descendants(cmd.Process.Pid)...)
		if len(pids) == 4 {
			time.Sleep(200 * time.Millisecond)
			return pids
		}
		if time.Now().After(deadline) {
			t.Fatalf("process tree: %v", pids)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// descendants are a process's children, grandchildren... (from /proc/PID/task/PID/children).
func descendants(pid int) []int {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(pid) + "/children")
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if c, err := strconv.Atoi(f); err == nil {
			out = append(out, c)
			out = append(out, descendants(c)...)
		}
	}
	return out
}

// TestInteractiveForest: V (the forest, its art in COMMAND) with c, x, the columns scrolled
// to COMMAND alone, V off, V then N and R (which end it); v collapsing and expanding a root
// and a branch, + expanding all; over a tree of our processes.
func TestInteractiveForest(t *testing.T) {
	needTop(t)
	pids := processTree(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(pids), "-d", "2")
	for _, s := range [][]string{
		{"V"}, {"c"}, {"x"}, {"c"}, {"x"}, {"V"}, {"V"}, {"N"}, {"V"}, {"R"}, {"V"}, {"M"}, {"V"},
		{"Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right"},
		{"Right"}, {"Left"}, {"Left", "Left"},
	} {
		p.step(keyNames(s), s...)
		if s[0] == "V" && len(s) == 1 && p.compared == 1 {
			// the art is there (the tree: sh, its sleep and sh, that sh's sleep)
			screen := p.ours.Capture()
			for _, want := range []string{" sh\n", " `- sleep\n", " `- sh\n", "     `- sleep\n"} {
				if !strings.Contains(screen, want) {
					t.Errorf("forest lacks %q:\n%s", want, screen)
				}
			}
		}
	}
	p.same("forest (attributes)", true)
	// v: collapse and expand branches (the first task shown's)
	p.scrollStep("Home", "Home")
	for i, s := range [][]string{
		{"v"}, {"v"}, {"Down", "Down"}, {"v"}, {"Up", "Up"}, {"v"}, {"v"}, {"c"}, {"c"},
	} {
		p.step(keyNames(s), s...)
		if i == 4 { // the second sh collapsed under the first
			if screen := p.ours.Capture(); !strings.Contains(screen, " +`- sh") || strings.Count(screen, "`- sleep") != 1 {
				t.Errorf("collapsed branch:\n%s", screen)
			}
		}
	}
	p.both("+")
	p.waitFor("Command disabled, 'A' mode required")
	p.sync()
	p.same("+ expands every branch", false)
	p.step("v on a leaf, V, V", "Down", "v", "V", "V")
	t.Logf("%d screens compared", p.compared)
}
