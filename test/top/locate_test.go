package top_test

import (
	"strconv"
	"testing"
)

// TestInteractiveLocate: L (its prompt, a PID, a string in every row, one nowhere, Esc, an
// empty answer) and & (before L, after a match, with no other match) over 16 sleepers on an
// 80x12 screen in PID order; the messages, the first task shown, C's coordinates and the
// matches' highlight (with x too) compared with attributes.
func TestInteractiveLocate(t *testing.T) {
	needTop(t)
	p, pids := sleepersInPIDOrder(t)
	p.step("C", "C")
	message := func(name, key, text string) {
		p.t.Helper()
		p.both(key)
		p.waitFor(text)
		p.sync()
		p.same(name, false)
	}
	message("& before L", "&", `Locate next inactive, use "L"`)
	p.prompt("L", "L", "Locate string")
	p.same("L (prompt, attributes)", true)
	p.answer("L a PID", strconv.Itoa(pids[9])+" root")
	p.same("L a PID (attributes)", true)
	message("& with no other match", "&", `another "`+strconv.Itoa(pids[9])+` root" not found`)
	p.prompt("L", "L", "Locate string")
	p.answer("L sleep", "sleep")
	p.same("L sleep (attributes)", true)
	p.step("&", "&")
	p.step("& &", "&", "&")
	p.step("x", "x")
	p.same("x with matches (attributes)", true)
	p.step("c", "c") // "sleep 3600": the match, then the rest
	p.same("c with matches (attributes)", true)
	p.scrollStep("End", "End")
	message("& at the end", "&", `another "sleep" not found`)
	p.prompt("L", "L", "Locate string")
	p.bothText("nowhere")
	p.both("Enter")
	p.waitFor(`"nowhere" not found`)
	p.sync()
	p.same("L nowhere", false)
	p.prompt("L then Esc", "L", "Locate string")
	p.both("Escape")
	p.ours.WaitGone("Locate string")
	p.real.WaitGone("Locate string")
	message("& after Esc", "&", `"nowhere" not found`)
	p.prompt("L", "L", "Locate string")
	p.answer("L empty", "")
	message("& after an empty L", "&", `Locate next inactive, use "L"`)
	p.same("the end (attributes)", true)
	t.Logf("%d screens compared", p.compared)
}
