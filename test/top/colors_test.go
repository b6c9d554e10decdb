package top_test

import (
	"os/exec"
	"testing"
)

// TestInteractiveColors: top's Z screen (colour mapping) against ours with attributes after
// each key (targets, colours by number and arrows, the B b z toggles), then the task screen
// in the colours committed with Enter; q and Esc undo the changes.
func TestInteractiveColors(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(pids), "-d", "2")
	p.step("N", "N")
	p.both("Z")
	p.waitFor("Help for color mapping")
	p.same("Z", false)
	p.same("Z (attributes)", true)
	for _, k := range []string{"S", "4", "Up", "Up", "Down", "H", "2", "M", "6", "B", "b", "z", "z", "T", "5", "B"} {
		p.fieldsKey(k)
	}
	p.both("Enter")
	p.ours.WaitGone("Help for color mapping")
	p.real.WaitGone("Help for color mapping")
	p.sync()
	p.same("after Z, Enter", false)
	p.same("after Z, Enter (attributes)", true)
	p.step("z", "z")
	p.same("z after Z (attributes)", true)
	p.step("z", "z")
	p.same("z z after Z (attributes)", true)
	// q and Esc leave the colours as they were.
	for _, k := range []string{"q", "Escape"} {
		p.both("Z")
		p.waitFor("Help for color mapping")
		p.fieldsKey("1")
		p.fieldsKey("b")
		p.both(k)
		p.ours.WaitGone("Help for color mapping")
		p.real.WaitGone("Help for color mapping")
		p.sync()
		p.same("after Z, "+k+" (attributes)", true)
	}
	// A prompt and a message in the message colour (Z M 2 first).
	p.both("Z")
	p.waitFor("Help for color mapping")
	p.fieldsKey("M")
	p.fieldsKey("2")
	p.both("Enter")
	p.ours.WaitGone("Help for color mapping")
	p.real.WaitGone("Help for color mapping")
	p.sync()
	p.prompt("n in colours", "n", "Maximum tasks = 0")
	p.same("n in colours (attributes)", true)
	p.both("Escape")
	p.ours.WaitGone("Maximum tasks")
	p.real.WaitGone("Maximum tasks")
	p.both("9")
	p.waitFor(" Unknown command - try 'h' for help")
	p.same("a message in colours (attributes)", true)
	t.Logf("%d screens compared", p.compared)
}

// TestInteractiveRunning: a running task's row is highlighted (bold; b: reverse video; y:
// not at all), with and without colours, as in top; compared with attributes.
func TestInteractiveRunning(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(append(pids, busyLoop(t))), "-d", "2")
	p.maskTasks = true // (the loop is R or, a moment, not)
	p.step("N", "N")
	p.waitFor(" R ")
	p.same("a running task (attributes)", true)
	for _, k := range []string{"b", "y", "y", "z", "b"} {
		p.step("key "+k, k)
		p.waitFor(" R ")
		p.same("key "+k+" (attributes)", true)
	}
	t.Logf("%d screens compared", p.compared)
}

// TestInteractiveSortHighlight: x highlights the sort column's cells as top does (bold or,
// with b, reverse video; with colours), following the sort field (< > P N), with the
// columns scrolled (C's coordinates too) and with a running task's row (y on: the whole
// row; y off: the column); compared with attributes.
func TestInteractiveSortHighlight(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(append(pids, busyLoop(t))), "-d", "2")
	p.maskTasks = true
	p.step("N", "N")
	for _, k := range []string{"x", ">", ">", "<", "C", "Right", "Right", "Left", "Left", "P", "N",
		"y", "b", "z", "y", "x", "x", "M", "T"} {
		p.step("key "+k, k)
		p.waitFor(" R ")
		p.same("key "+k+" (attributes)", true)
	}
	t.Logf("%d screens compared", p.compared)
}

// busyLoop starts a shell loop that keeps a CPU busy (a task in state R) for the test and
// returns its PID.
func busyLoop(t *testing.T) int {
	t.Helper()
	busy := exec.Command("sh", "-c", "while :; do :; done")
	if err := busy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Process.Kill(); busy.Wait() })
	return busy.Process.Pid
}
