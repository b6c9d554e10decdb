package top

import (
	"errors"
	"strings"
)

// Other filters (o, O), as top 4.0.2 keeps them: "[!]FIELD?VALUE" with ? one of = (the
// cell holds the value), < and > (the cell sorts before/after the value, padded to the
// field's width), ! excluding what matches; o ignores case (ASCII), O does not. A row is
// shown when each filter on a column shown passes (a filter on a column not shown has no
// effect), as top checks them cell by cell.

// otherFilter is one o/O filter.
type otherFilter struct {
	raw     string // the answer as typed (duplicates, ^O)
	field   int
	op      byte // '=', '<' or '>'
	include bool // false: '!'
	fold    bool // o: case ignored
	val     string
}

// AddFilter reads an o/O answer (c is 'o' or 'O') into a new filter, the newest first; the
// error is top's message.
func (s *Settings) AddFilter(c byte, glob string) error {
	for _, f := range s.Filters {
		if f.raw == glob {
			return errors.New("duplicate filter was ignored")
		}
	}
	f := otherFilter{raw: glob, include: true, fold: c == 'o'}
	if strings.HasPrefix(glob, "!") {
		glob, f.include = glob[1:], false
	}
	word := "include"
	if !f.include {
		word = "exclude"
	}
	i := strings.IndexAny(glob, "<=>")
	if i < 0 {
		return errors.New("'" + word + "' filter delimiter is missing")
	}
	name, val := glob[:i], glob[i+1:]
	f.op = glob[i]
	f.field = -1
	for j, n := range fieldNames {
		if n == name {
			f.field = j
			break
		}
	}
	if f.field < 0 {
		return errors.New("unrecognized field name '" + name + "'")
	}
	if val == "" {
		return errors.New("'" + word + "' filter value is missing")
	}
	f.val = val
	s.Filters = append([]otherFilter{f}, s.Filters...)
	return nil
}

// FiltersText is ^O's list: the filters as typed, oldest first, or "none".
func (s *Settings) FiltersText() string {
	if len(s.Filters) == 0 {
		return "none"
	}
	var parts []string
	for i := len(s.Filters) - 1; i >= 0; i-- {
		parts = append(parts, "'"+s.Filters[i].raw+"'")
	}
	return strings.Join(parts, " + ")
}

// cellPasses: a row's cell of field f (as written, its blanks included) passes every
// filter on f. pidw is the PID columns' width (the < and > values are padded to the field's
// width and right-justified, whatever the field's alignment, as top pads them).
func (s *Settings) cellPasses(f int, cell string, pidw int) bool {
	for _, o := range s.Filters {
		if o.field != f {
			continue
		}
		switch o.op {
		case '<', '>':
			val := o.val + " "
			if w := fieldWidth(f, pidw); w >= 0 {
				val = string(justify(nil, o.val, w, true))
			}
			r := compareFold(cell, val, o.fold)
			if o.op == '<' && (r >= 0) == o.include || o.op == '>' && (r <= 0) == o.include {
				return false
			}
		default:
			if containsFold(cell, o.val, o.fold) != o.include {
				return false
			}
		}
	}
	return true
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// compareFold is strcmp's (strcasecmp's with fold) sign.
func compareFold(a, b string, fold bool) int {
	if fold {
		a, b = lowerASCII(a), lowerASCII(b)
	}
	return strings.Compare(a, b)
}

// containsFold is strstr (strcasestr with fold) found something.
func containsFold(s, sub string, fold bool) bool {
	if fold {
		s, sub = lowerASCII(s), lowerASCII(sub)
	}
	return strings.Contains(s, sub)
}

// Reset is =, top's win_reset: idle tasks shown, no task limit, no u/U, o/O or -p filter,
// no L string, no scrolling, no branch collapsed (v).
func (s *Settings) Reset() {
	s.ShowIdle, s.MaxTasks, s.UserType, s.UserMatch, s.PIDs = true, 0, 0, true, nil
	s.BegTask, s.BegNext, s.BegPflg, s.VarColBeg = 0, 0, 0, 0
	s.Filters, s.FindStr, s.HidePIDs = nil, "", nil
}
