package vmstat

import (
	"bufio"
	"io"
	"sort"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// slab is one cache of /proc/slabinfo as vmstat -m prints it.
type slab struct {
	Name                                  string
	ActiveObjs, NumObjs, ObjSize, PerSlab uint32
}

// parseSlabinfo reads /proc/slabinfo version 2.x as procps's library does: the version line,
// then every line not starting with '#' must read "name active num size perslab pages :
// tunables a b c : slabdata x y z" (ok false otherwise: the library fails as a whole).
func parseSlabinfo(b []byte) ([]slab, bool) { return parseSlabinfoOrder(b, true) }

// parseSlabinfoOrder is parseSlabinfo, the caches sorted by name (4.0.x) or in the file's
// order (3.3.17).
func parseSlabinfoOrder(b []byte, sorted bool) ([]slab, bool) {
	text := string(b)
	first, rest, _ := strings.Cut(text, "\n")
	var major int
	v, ok := strings.CutPrefix(first, "slabinfo - version: ")
	if !ok {
		return nil, false
	}
	mj, mn, ok := strings.Cut(v, ".")
	if !ok || mj == "" || mn == "" || mn[0] < '0' || mn[0] > '9' {
		return nil, false
	}
	for _, ch := range mj {
		if ch < '0' || ch > '9' {
			return nil, false
		}
		major = major*10 + int(ch-'0')
		if major > 1000 {
			return nil, false
		}
	}
	if major != 2 {
		return nil, false
	}
	var out []slab
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		// name, 5 numbers, ":", "tunables", 3 numbers, ":", "slabdata", 2 numbers needed.
		if len(f) < 15 || f[6] != ":" || f[7] != "tunables" || f[11] != ":" || f[12] != "slabdata" {
			return nil, false
		}
		var n [5]uint32
		for i := range n {
			x, used, good := scanUint(f[1+i])
			if !good || used != len(f[1+i]) {
				return nil, false
			}
			n[i] = uint32(x)
		}
		for _, i := range []int{8, 9, 10, 13, 14} {
			if _, used, good := scanUint(f[i]); !good || used != len(f[i]) {
				return nil, false
			}
		}
		name := f[0]
		if len(name) > 128 {
			name = name[:128]
		}
		out = append(out, slab{Name: name, ActiveObjs: n[0], NumObjs: n[1], ObjSize: n[2], PerSlab: n[3]})
	}
	if sorted {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	}
	return out, true
}

func appendSlabHeader(b []byte) []byte {
	b = appendLeft(b, "Cache", 24)
	for _, n := range []string{"Num", "Total", "Size", "Pages"} {
		b = append(b, ' ')
		b = appendPad(b, n, 6)
	}
	return append(b, '\n')
}

func runSlab(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	out := bufio.NewWriterSize(stdout, 4096)
	w := newViewer(k, prog, stderr)
	var b []byte
	if c.oneHeader {
		b = appendSlabHeader(b)
	}
	for i := uint64(0); c.infinite || i < c.updates; i++ {
		v := w.open()
		if v == nil {
			out.Write(b)
			out.Flush()
			return 1
		}
		raw, err := v.Slabinfo()
		var slabs []slab
		ok := err == nil
		if ok {
			slabs, ok = parseSlabinfoOrder(raw, c.ver != profile.Procps3_3_17)
		}
		if !ok {
			out.Write(b)
			if i == 0 {
				return fail(out, stderr, prog, "Unable to create slabinfo structure")
			}
			return fail(out, stderr, prog, "Unable to get slabinfo node data")
		}
		for j, s := range slabs {
			if !c.oneHeader && uint64(j)%c.height == 0 {
				b = appendSlabHeader(b)
			}
			name := s.Name
			if len(name) > 24 {
				name = name[:24]
			}
			b = appendLeft(b, name, 24)
			for _, x := range []uint32{s.ActiveObjs, s.NumObjs, s.ObjSize, s.PerSlab} {
				b = append(b, ' ')
				b = appendNum(b, uint64(x), 6)
			}
			b = append(b, '\n')
		}
		out.Write(b)
		b = b[:0]
		if out.Flush() != nil {
			return 1
		}
		if c.infinite || i+1 < c.updates {
			sleepSeconds(c.delay)
		}
	}
	out.Write(b) // the -n header of a zero count
	out.Flush()
	return 0
}
