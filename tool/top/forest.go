package top

import (
	"sort"
	"strings"
)

// forest orders the rows as top 4.0.2's V (forest view) does: by start time (ties in PID
// order), each task followed by its children (the later-started tasks whose parent it is,
// threads of its own with H), depth first; a task whose parent is not listed is a root.
func forest(rows []row) []row {
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
	return out
}

// forestArt is what comes before a task's COMMAND at level (> 0) in the forest.
func forestArt(level int) string {
	if level > 100 {
		return strings.Repeat(" ", 396) + " +  "
	}
	return strings.Repeat(" ", 4*level-4) + " `- "
}
