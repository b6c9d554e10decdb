// Package toolinfo describes a tool for the documents generated from the code: man pages and
// shell completions (cmd/cgprocps). A tool's options come from its own --help text
// (ParseHelp), the one place they are written, so the documents cannot drift from it; each
// tool's test checks that text against its getopt table (CheckOptions).
package toolinfo

import (
	"fmt"
	"strings"

	"github.com/cgprocps/cgprocps/internal/getopt"
)

// Opt is one option as --help shows it.
type Opt struct {
	Short string // the letter of -x, or ""
	Long  string // the name of --long, or ""
	Arg   string // the value's placeholder ("N", "PATH"), "" for a flag
	Help  string // what it does, one line (continuation lines joined)
	Group string // the --help section it is listed under ("Units", ...), "" for none
}

// Info describes one tool of the suite.
type Info struct {
	Name     string // "free"
	Original string // "procps-ng 4.0.2" (the release whose output it matches)
	Summary  string // one line for NAME: "show the amount of free and used memory"
	Synopsis string // after the name: "[options]"
	// Description: what the tool shows, paragraphs separated by a blank line.
	Description string
	// Options are the tool's own options (the original's), in --help order; nil when the
	// tool has not described them yet (the man page then refers to the original's).
	Options []Opt
	// Notes: tool-specific differences from the original, one sentence each.
	Notes []string
}

// ParseHelp reads the option lines of a --help text in the suite's layout:
//
//	Section:
//	 -b, --bytes         what it does
//	 -s N, --seconds N   what it does,
//	                     continued here
//	     --tebi          a long option only
//
// An option line starts with blanks then '-'; its description begins after a run of two or
// more blanks; a following line indented to the description (or deeper) continues it. A line
// ending in ':' that is not an option names the section of the options below it.
func ParseHelp(text string) []Opt {
	var out []Opt
	group := ""
	descCol := -1
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch {
		case trimmed == "":
			descCol = -1
		case strings.HasPrefix(trimmed, "-"):
			spec, desc, col := splitSpec(trimmed)
			o, ok := parseSpec(spec)
			if !ok {
				descCol = -1
				continue
			}
			o.Help = desc
			o.Group = group
			out = append(out, o)
			descCol = indent + col
		case descCol >= 0 && indent >= descCol && len(out) > 0:
			out[len(out)-1].Help += " " + strings.TrimSpace(trimmed)
		default:
			descCol = -1
			if strings.HasSuffix(trimmed, ":") && !strings.Contains(trimmed, "  ") {
				group = strings.TrimSuffix(trimmed, ":")
				if i := strings.Index(group, " ("); i > 0 {
					group = group[:i]
				}
			}
		}
	}
	return out
}

// splitSpec splits "-b, --bytes         bytes" at the first run of two or more blanks.
func splitSpec(s string) (spec, desc string, col int) {
	i := strings.Index(s, "  ")
	if i < 0 {
		return s, "", len(s)
	}
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	return s[:i], strings.TrimSpace(s[j:]), j
}

// parseSpec reads "-s N, --seconds N", "--tebi", "-h", "--cgroup PATH", "--seconds=N".
func parseSpec(spec string) (Opt, bool) {
	var o Opt
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		name, arg, _ := strings.Cut(part, " ")
		if n, a, ok := strings.Cut(name, "="); ok {
			name, arg = n, a
		}
		arg = strings.Trim(strings.TrimSpace(arg), "[]")
		switch {
		case strings.HasPrefix(name, "--") && len(name) > 2:
			o.Long = name[2:]
		case strings.HasPrefix(name, "-") && len(name) == 2:
			o.Short = name[1:]
		default:
			return Opt{}, false
		}
		if arg != "" {
			o.Arg = arg
		}
	}
	return o, o.Short != "" || o.Long != ""
}

// CheckOptions compares the options of a --help text with the getopt tables: every long
// option and every short letter of the tables is described, with an argument exactly when it
// takes one, and the help names nothing the tables lack. It returns the differences.
func CheckOptions(opts []Opt, shortOpts string, longOpts []getopt.Option) []string {
	var problems []string
	longs := map[string]Opt{}
	shorts := map[string]Opt{}
	for _, o := range opts {
		if o.Long != "" {
			longs[o.Long] = o
		}
		if o.Short != "" {
			shorts[o.Short] = o
		}
	}
	for _, l := range longOpts {
		o, ok := longs[l.Name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("--%s is not in the help", l.Name))
		case (l.HasArg == getopt.RequiredArgument) != (o.Arg != ""):
			problems = append(problems, fmt.Sprintf("--%s: the help and the table disagree on its argument", l.Name))
		}
		delete(longs, l.Name)
	}
	for l := range longs {
		problems = append(problems, fmt.Sprintf("the help names --%s, which the table lacks", l))
	}
	for i := 0; i < len(shortOpts); i++ {
		c := shortOpts[i]
		if c == ':' || c == '+' || c == '-' {
			continue
		}
		hasArg := i+1 < len(shortOpts) && shortOpts[i+1] == ':'
		o, ok := shorts[string(c)]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("-%c is not in the help", c))
		case hasArg != (o.Arg != ""):
			problems = append(problems, fmt.Sprintf("-%c: the help and the option string disagree on its argument", c))
		}
		delete(shorts, string(c))
	}
	for s := range shorts {
		problems = append(problems, fmt.Sprintf("the help names -%s, which the option string lacks", s))
	}
	return problems
}

// HelpDescription returns the prose of a --help text: the paragraphs after the "Usage:" block
// and before the first section or option, each paragraph's lines joined with spaces.
func HelpDescription(text string) string {
	var paras []string
	var cur []string
	inUsage := false
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "Usage:":
			inUsage = true
		case t == "":
			inUsage = false
			flush()
		case inUsage:
		case strings.HasPrefix(t, "-") || strings.HasSuffix(t, ":"):
			flush()
			return strings.Join(paras, "\n\n")
		default:
			cur = append(cur, t)
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}
