package diff

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/tool/free"
)

// freeSet is one free command line and the report options it stands for.
type freeSet struct {
	args    string // words, space separated (no quoting needed)
	o       free.Options
	reports int // reports printed (1, or the -c count)
}

var freeSets = []freeSet{
	{"", free.Options{}, 1},
	{"-b", free.Options{Exponent: free.ExpBytes}, 1},
	{"-k", free.Options{Exponent: free.ExpKilo}, 1},
	{"-m", free.Options{Exponent: free.ExpMega}, 1},
	{"-g", free.Options{Exponent: free.ExpGiga}, 1},
	{"--tebi", free.Options{Exponent: free.ExpTera}, 1},
	{"--pebi", free.Options{Exponent: free.ExpPeta}, 1},
	{"--kilo", free.Options{Exponent: free.ExpKilo, SI: true}, 1},
	{"--mega", free.Options{Exponent: free.ExpMega, SI: true}, 1},
	{"--giga", free.Options{Exponent: free.ExpGiga, SI: true}, 1},
	{"--tera", free.Options{Exponent: free.ExpTera, SI: true}, 1},
	{"--peta", free.Options{Exponent: free.ExpPeta, SI: true}, 1},
	{"-h", free.Options{Human: true}, 1},
	{"-h --si", free.Options{Human: true, SI: true}, 1},
	{"--si", free.Options{SI: true}, 1},
	{"-w", free.Options{Wide: true}, 1},
	{"-t", free.Options{Total: true}, 1},
	{"-l", free.Options{LoHi: true}, 1},
	{"-v", free.Options{Committed: true}, 1},
	{"-hw", free.Options{Human: true, Wide: true}, 1},
	{"-ltv", free.Options{LoHi: true, Total: true, Committed: true}, 1},
	{"-hltvw", free.Options{Human: true, LoHi: true, Total: true, Committed: true, Wide: true}, 1},
	{"--si -hltvw", free.Options{SI: true, Human: true, LoHi: true, Total: true, Committed: true, Wide: true}, 1},
	{"--si -ltvw", free.Options{SI: true, LoHi: true, Total: true, Committed: true, Wide: true}, 1},
	{"-b -ltvw", free.Options{Exponent: free.ExpBytes, LoHi: true, Total: true, Committed: true, Wide: true}, 1},
	{"--si -b -t", free.Options{Exponent: free.ExpBytes, SI: true, Total: true}, 1},
	{"-m --si -ltv", free.Options{Exponent: free.ExpMega, SI: true, LoHi: true, Total: true, Committed: true}, 1},
	{"--giga -ltvw", free.Options{Exponent: free.ExpGiga, SI: true, LoHi: true, Total: true, Committed: true, Wide: true}, 1},
	{"--tebi -tv", free.Options{Exponent: free.ExpTera, Total: true, Committed: true}, 1},
	{"--pebi --si -tv", free.Options{Exponent: free.ExpPeta, SI: true, Total: true, Committed: true}, 1},
	{"--tot --hu --comm --lo --wi", free.Options{Total: true, Human: true, Committed: true, LoHi: true, Wide: true}, 1},
	{"-c 2 -s 0.001", free.Options{}, 2},
	{"-h -s 0,001 -c 3 -t", free.Options{Human: true, Total: true}, 3},
	{"--count=2 --seconds=0.001 -wv", free.Options{Wide: true, Committed: true}, 2},
}

// interesting are KiB values at the edges of free's formatting: single digits, the -h
// switch from one decimal to a truncated integer (9.95 of a unit), from an integer to the
// next unit (1000 / 100 of a unit), for both bases and every unit, and 64-bit wraps.
func interesting() []uint64 {
	set := map[uint64]bool{}
	for _, v := range []uint64{0, 1, 2, 9, 10, 99, 100, 999, 1000, 1023, 1024, 1025, 9999, 10000,
		10188, 10189, 10239, 10240, 24683656, 1 << 40, 1 << 50, 1<<53 - 1, 1 << 53, 1<<53 + 1, 1<<54 - 1,
		1 << 54, 1 << 60, 1 << 63, math.MaxUint64} {
		set[v] = true
	}
	for _, base := range []float64{1024, 1000} {
		for i := 1; i <= 5; i++ {
			for _, th := range []float64{9.95, 10, 99.95, 100, 999.95, 1000, 1023.95, 1024} {
				kib := uint64(th * math.Pow(base, float64(i)) / 1024)
				for d := -2; d <= 2; d++ {
					if kib+uint64(d) < 1<<62 {
						set[kib+uint64(d)] = true
					}
				}
			}
		}
	}
	out := make([]uint64, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// memGen draws meminfo values: half of the time an interesting value, else log-uniform up
// to about 4 PiB (2^52 KiB).
type memGen struct {
	r    *rand.Rand
	pool []uint64
}

func (g *memGen) any() uint64 {
	if g.r.IntN(2) == 0 {
		return g.pool[g.r.IntN(len(g.pool))]
	}
	return uint64(math.Exp(g.r.Float64() * 52 * math.Ln2))
}

// below returns a value at most v (most of the time) or above it (sometimes).
func (g *memGen) below(v uint64) uint64 {
	switch g.r.IntN(8) {
	case 0:
		return g.any()
	case 1:
		return v
	default:
		if v == 0 {
			return 0
		}
		return g.r.Uint64N(v)
	}
}

type memField struct {
	name string
	val  uint64
}

// genMeminfo makes case i: which of MemAvailable's variants (missing, 0, above MemTotal,
// normal), LowTotal present or not, swap above or below its total, commit over or under the
// limit is chosen from i so that every combination comes up; the values are random.
func genMeminfo(g *memGen, i int) []byte {
	total := g.any()
	f := []memField{{"MemTotal", total}, {"MemFree", g.below(total)}}
	switch i % 4 {
	case 0: // missing
	case 1:
		f = append(f, memField{"MemAvailable", 0})
	case 2:
		f = append(f, memField{"MemAvailable", total + 1 + g.below(total)})
	case 3:
		f = append(f, memField{"MemAvailable", g.below(total)})
	}
	f = append(f,
		memField{"Buffers", g.below(total / 4)},
		memField{"Cached", g.below(total / 2)},
		memField{"SwapCached", g.below(1 << 20)},
	)
	if i%5 == 0 {
		f = append(f, memField{"HighTotal", g.below(total)}, memField{"HighFree", g.below(total)})
	}
	if i%3 == 0 {
		low := g.below(total)
		f = append(f, memField{"LowTotal", low}, memField{"LowFree", g.below(low)})
	}
	swap := uint64(0)
	if i%6 != 0 {
		swap = g.any()
	}
	swapFree := g.below(swap)
	if i%7 == 0 {
		swapFree = swap + 1 + g.below(swap)
	}
	f = append(f, memField{"SwapTotal", swap}, memField{"SwapFree", swapFree},
		memField{"Shmem", g.below(total / 8)},
		memField{"SReclaimable", g.below(total / 8)},
		memField{"SUnreclaim", g.below(total / 8)})
	limit := g.any()
	committed := g.below(limit)
	if i%2 == 0 {
		committed = limit + g.below(limit) + 1
	}
	f = append(f, memField{"CommitLimit", limit}, memField{"Committed_AS", committed},
		memField{"HugePages_Total", 0}, memField{"Hugepagesize", 2048})
	var b bytes.Buffer
	for _, x := range f {
		label := x.name + ":"
		if x.name == "HugePages_Total" {
			fmt.Fprintf(&b, "%-16s%8d\n", label, x.val)
			continue
		}
		fmt.Fprintf(&b, "%-16s%8d kB\n", label, x.val)
	}
	return b.Bytes()
}

type memCase struct {
	name string
	text []byte
}

func freeCases(t *testing.T) []memCase {
	g := &memGen{r: rand.New(rand.NewPCG(20260522, 4)), pool: interesting()}
	var cases []memCase
	for i := 0; i < 120; i++ {
		cases = append(cases, memCase{fmt.Sprintf("synthetic-%03d", i), genMeminfo(g, i)})
	}
	// every value of the pool as MemTotal once, in batches of fields
	pool := interesting()
	for i := 0; i < len(pool); i += 6 {
		var b bytes.Buffer
		names := []string{"MemTotal", "MemFree", "Shmem", "Buffers", "Cached", "SwapTotal"}
		for j, n := range names {
			fmt.Fprintf(&b, "%-16s%8d kB\n", n+":", pool[(i+j)%len(pool)])
		}
		cases = append(cases, memCase{fmt.Sprintf("pool-%03d", i), b.Bytes()})
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		cases = append(cases, memCase{"host", b})
	}
	// every meminfo of every capture: the host's, and in the v1 ones LXCFS's views
	for _, c := range testcapture.All(t) {
		files, _ := filepath.Glob(filepath.Join(c, "proc", "meminfo"))
		more, _ := filepath.Glob(filepath.Join(c, "*", "proc", "meminfo"))
		more2, _ := filepath.Glob(filepath.Join(c, "*", "*", "proc", "meminfo"))
		for _, f := range append(append(files, more...), more2...) {
			if b, err := os.ReadFile(f); err == nil {
				rel, _ := filepath.Rel(filepath.Dir(c), f)
				cases = append(cases, memCase{"fixture/" + rel, b})
			}
		}
	}
	return cases
}

const marker = "@@cgprocps-exit@@ "

// batchScript runs free once per option set, each followed by a marker line with its status.
func batchScript() string {
	var b strings.Builder
	for _, s := range freeSets {
		fmt.Fprintf(&b, "free %s; echo \"%s$?\"\n", s.args, marker)
	}
	return b.String()
}

// splitBatch cuts the batch output at the markers.
func splitBatch(out string) ([]string, []int) {
	var outs []string
	var codes []int
	for {
		i := strings.Index(out, marker)
		if i < 0 {
			return outs, codes
		}
		outs = append(outs, out[:i])
		rest := out[i+len(marker):]
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			nl = len(rest)
		}
		code, _ := strconv.Atoi(rest[:nl])
		codes = append(codes, code)
		if nl < len(rest) {
			nl++
		}
		out = rest[nl:]
	}
}

func expectedFree(t *testing.T, text []byte, s freeSet) string {
	m, _ := cgview.ParseMeminfo(text)
	var one bytes.Buffer
	if err := free.Format(&one, m, s.o); err != nil {
		t.Fatal(err)
	}
	return strings.Repeat(one.String()+"\n", s.reports-1) + one.String()
}

// TestFreeFormatVsReal compares free.Format with the real free over generated meminfo files
// (and the captures' and this host's), for every option set, byte for byte.
func TestFreeFormatVsReal(t *testing.T) {
	oracle.Need(t)
	cases := freeCases(t)
	script := batchScript()

	type result struct {
		outs  []string
		codes []int
		err   string
	}
	results := make([]result, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2*runtime.NumCPU())
	base := t.TempDir()
	for i, c := range cases {
		dir := filepath.Join(base, strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "meminfo"), c.text, 0o644); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func(i int, dir string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out, errs, _ := oracle.RunEnv(t, []string{"LC_ALL=C"}, dir, "sh", "-c", script)
			outs, codes := splitBatch(out)
			results[i] = result{outs, codes, errs}
		}(i, dir)
	}
	wg.Wait()

	compared, failed := 0, 0
	for i, c := range cases {
		r := results[i]
		if len(r.outs) != len(freeSets) {
			t.Errorf("%s: %d outputs from the batch, want %d; stderr %q", c.name, len(r.outs), len(freeSets), r.err)
			continue
		}
		for j, s := range freeSets {
			compared++
			want := r.outs[j]
			got := expectedFree(t, c.text, s)
			if r.codes[j] != 0 || got != want {
				failed++
				if failed <= 10 {
					t.Errorf("%s, free %s (real exit %d):\nmeminfo:\n%s\nreal:\n%s\nours:\n%s", c.name, s.args, r.codes[j], c.text, want, got)
				}
			}
		}
	}
	t.Logf("%d meminfo files x %d option sets: %d comparisons, %d differences", len(cases), len(freeSets), compared, failed)
	if compared < 1000 {
		t.Errorf("only %d comparisons", compared)
	}

	// The whole tool over the same files: Main with --host and CGPROCPS_ROOT=DIR must print
	// the same bytes (parsing, repeat and the view's host mode included).
	mainFailed := 0
	for i, c := range cases {
		if len(results[i].outs) != len(freeSets) {
			continue
		}
		root := filepath.Join(base, "root"+strconv.Itoa(i))
		if err := os.MkdirAll(filepath.Join(root, "proc"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "proc", "meminfo"), c.text, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("CGPROCPS_ROOT", root)
		for j, s := range freeSets {
			var out, errb bytes.Buffer
			args := append([]string{"--host"}, strings.Fields(s.args)...)
			code := free.Main("free", args, &out, &errb)
			if code != 0 || out.String() != results[i].outs[j] {
				mainFailed++
				if mainFailed <= 5 {
					t.Errorf("%s: free.Main %q: exit %d, stderr %q\nreal:\n%s\nours:\n%s", c.name, args, code, errb.String(), results[i].outs[j], out.String())
				}
			}
		}
	}
	if mainFailed > 0 {
		t.Errorf("free.Main differed from the real free in %d runs", mainFailed)
	}
}
