package top_test

import (
	"strconv"
	"testing"
)

// TestInteractiveFilters: o and O (prompts, PID ranges, ! exclusion, case, the error
// messages, a duplicate), ^O's list, L over filtered tasks, + and =, over 16 sleepers on an
// 80x12 screen in PID order.
func TestInteractiveFilters(t *testing.T) {
	needTop(t)
	p, pids := sleepersInPIDOrder(t)
	message := func(name, key, answer, text string) {
		p.t.Helper()
		p.both(key)
		p.waitFor("add filter #")
		p.bothText(answer)
		p.both("Enter")
		p.waitFor(text)
		p.sync()
		p.same(name, false)
	}
	p.prompt("o", "o", "add filter #1 (ignoring case) as: [!]FLD?VAL")
	p.same("o (prompt, attributes)", true)
	p.answer("o PID>", "PID>"+strconv.Itoa(pids[5]))
	p.prompt("O", "O", "add filter #2 (case sensitive) as: [!]FLD?VAL")
	p.answer("O !PID=", "!PID="+strconv.Itoa(pids[8]))
	message("duplicate", "o", "!PID="+strconv.Itoa(pids[8]), "duplicate filter was ignored")
	message("no delimiter", "o", "USER", "'include' filter delimiter is missing")
	message("no delimiter, !", "O", "!USER", "'exclude' filter delimiter is missing")
	message("bad field", "o", "pid=1", "unrecognized field name 'pid'")
	message("no value", "o", "!PID<", "'exclude' filter value is missing")
	p.prompt("o", "o", "add filter #3 (ignoring case) as: [!]FLD?VAL")
	p.answer("o COMMAND=SLEEP", "COMMAND=SLEEP")
	p.prompt("o", "o", "add filter #4 (ignoring case) as: [!]FLD?VAL")
	p.answer("o PID<", "PID<"+strconv.Itoa(pids[14]))
	p.prompt("^O", "C-o", "<Enter> to resume, filters: ")
	p.same("^O (attributes)", true)
	p.answer("^O Enter", "")
	p.prompt("o, Esc", "o", "add filter #5")
	p.both("Escape")
	p.ours.WaitGone("add filter")
	p.real.WaitGone("add filter")
	p.step("scrolled", "Down", "Down")
	p.prompt("L", "L", "Locate string")
	p.bothText(strconv.Itoa(pids[3]))
	p.both("Enter")
	p.waitFor(`"` + strconv.Itoa(pids[3]) + `" not found`)
	p.sync()
	p.same("L a filtered task", false)
	p.both("+")
	p.waitFor("Command disabled, 'A' mode required")
	p.sync()
	p.prompt("O", "O", "add filter #5 (case sensitive) as: [!]FLD?VAL")
	p.answer("O COMMAND=SLEEP", "COMMAND=SLEEP")
	p.same("no task (attributes)", true)
	// = drops every filter (and -p: the whole machine, not compared)
	p.both("=")
	p.both("C-o")
	p.waitFor("<Enter> to resume, filters: none")
	t.Logf("%d screens compared", p.compared)
}
