package top

import (
	"sort"
	"strings"
)

// forest orders the rows as top 4.0.2's V (forest view) does: by start time (ties in PID
// order), each task followed by its children (the later-started tasks whose parent it is,
// threads of its own with H), depth first; a task whose parent is not listed is a root.
func (s *Settings) forest(rows []row) []row {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].t.StartTime != rows[j].t.StartTime {
			return rows[i].t.StartTime < rows[j].t.StartTime
		}
		return rows[i].t.TID < rows[j].t.TID
	})
	out := make([]row, 0, len(rows))
	added := make([]bool, len(rows))
	var add func(self, level int)
	add = func(self, level int) {
		if len(out) >= len(rows) {
			return
		}
		level = min(level, 101)
		r := rows[self]
		r.level = level
		out = append(out, r)
		added[self] = true
		pid := rows[self].t.TID
		for i := self + 1; i < len(rows); i++ {
			t := rows[i].t
			if pid == t.PID || pid == t.PPID && t.TID == t.PID {
				add(i, level+1)
			}
		}
	}
	for i := range rows {
		if !added[i] {
			add(i, 0)
		}
	}
	// v: each collapsed parent (in the order they were collapsed) hides the tasks below it
	// and adds up their ticks; a parent no longer there is taken as expanded, as top does.
	for i, pid := range s.HidePIDs {
		if pid <= 0 {
			continue
		}
		j := 0
		for j < len(out) && out[j].t.TID != pid {
			j++
		}
		if j == len(out) {
			s.HidePIDs[i] = -pid
			continue
		}
		parent, children := j, false
		for j+1 < len(out) && out[j+1].level > out[parent].level {
			j++
			out[j].hid = 'z'
			out[parent].add += out[j].delta
			children = true
		}
		if children {
			out[parent].hid = 'x'
		}
	}
	return out
}

// KeyV is v: the first task shown's children collapsed, or expanded again.
func (s *Settings) KeyV(pid int) {
	if !s.Forest {
		return
	}
	for i, h := range s.HidePIDs {
		if h == pid || h == -pid {
			s.HidePIDs[i] = -h
			for _, h := range s.HidePIDs {
				if h > 0 {
					return
				}
			}
			s.HidePIDs = nil // everything expanded
			return
		}
	}
	s.HidePIDs = append(s.HidePIDs, pid)
}

// forestArt is what comes before a task's COMMAND at level (> 0) in the forest.
func forestArt(level int) string {
	if level > 100 {
		return strings.Repeat(" ", 396) + " +  "
	}
	return strings.Repeat(" ", 4*level-4) + " `- "
}
