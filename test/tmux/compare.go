package tmux

import (
	"fmt"
	"regexp"
	"strings"
)

// Mask replaces every match of each pattern in screen with '#' characters of the same
// length (in runes), so that screens of two programs can be compared where they must agree
// while clocks, uptimes and changing numbers are ignored. A pattern with a capture group
// masks only the first group's text.
func Mask(screen string, patterns ...*regexp.Regexp) string {
	for _, re := range patterns {
		screen = re.ReplaceAllStringFunc(screen, func(m string) string {
			if re.NumSubexp() == 0 {
				return hashes(m)
			}
			sub := re.FindStringSubmatchIndex(m)
			if len(sub) < 4 || sub[2] < 0 {
				return m
			}
			return m[:sub[2]] + hashes(m[sub[2]:sub[3]]) + m[sub[3]:]
		})
	}
	return screen
}

func hashes(s string) string { return strings.Repeat("#", len([]rune(s))) }

// DiffScreens compares two captured screens line by line and returns "" when they are equal,
// else a listing of the differing rows ("row 3:\n  want ...\n  got  ...") for a test
// failure message.
func DiffScreens(want, got string) string {
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || (i >= len(w)) != (i >= len(g)) {
			fmt.Fprintf(&b, "row %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}
