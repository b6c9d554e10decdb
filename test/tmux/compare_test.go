package tmux

import (
	"regexp"
	"testing"
)

func TestMask(t *testing.T) {
	clock := regexp.MustCompile(`\d\d:\d\d:\d\d`)
	load := regexp.MustCompile(`load average: ([\d., ]+)`)
	in := "top - 23:10:05 up  2:05,  0 user,  load average: 5.66, 3.74, 2.95\nTasks: 100 total"
	want := "top - ######## up  2:05,  0 user,  load average: ################\nTasks: 100 total"
	if got := Mask(in, clock, load); got != want {
		t.Errorf("Mask:\n got %q\nwant %q", got, want)
	}
}

func TestDiffScreens(t *testing.T) {
	if d := DiffScreens("a\nb\n", "a\nb"); d != "" {
		t.Errorf("equal screens: %q", d)
	}
	want := "row 2:\n  want \"b\"\n  got  \"c\"\nrow 3:\n  want \"\"\n  got  \"d\"\n"
	if d := DiffScreens("a\nb", "a\nc\nd"); d != want {
		t.Errorf("DiffScreens = %q, want %q", d, want)
	}
}
