package cgview

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// highmemFields are printed only by kernels built with CONFIG_HIGHMEM (32-bit), which neither
// this machine nor the captures run; free -l reads them (procps-formats.md).
var highmemFields = []string{"HighTotal", "HighFree", "LowTotal", "LowFree"}

// Every MemKey's label is a field a kernel prints: one of this machine's /proc/meminfo, of a
// capture's, or a CONFIG_HIGHMEM field. A misspelt label fails here.
func TestMemKeyLabelsAreKernelFields(t *testing.T) {
	known := map[string]string{}
	for _, f := range highmemFields {
		known[f] = "CONFIG_HIGHMEM"
	}
	var files []string
	for _, c := range testcapture.All(t) {
		files = append(files, filepath.Join(c, "proc/meminfo"))
	}
	files = append(files, "/proc/meminfo")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, ok := ParseMeminfo(b)
		if !ok {
			t.Fatalf("%s: no MemTotal", f)
		}
		for _, l := range m.Lines {
			known[l.Name] = f
		}
	}
	seen := map[string]MemKey{}
	for k := MemKey(0); k < numMemKeys; k++ {
		name := k.String()
		if _, ok := known[name]; !ok {
			t.Errorf("MemKey %d is %q, which no meminfo has", k, name)
		}
		if prev, dup := seen[name]; dup {
			t.Errorf("MemKeys %d and %d are both %q", prev, k, name)
		}
		seen[name] = k
	}
}

// Each constant is named after its label (MemCached is "Cached"), so that the label given to a
// constant cannot be another field's.
func TestMemKeyConstantsNamedAfterLabels(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "meminfo.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		vs, ok := node.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "memKeyNames" || len(vs.Values) != 1 {
			return true
		}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			kv := e.(*ast.KeyValueExpr)
			constName := kv.Key.(*ast.Ident).Name
			label, err := strconv.Unquote(kv.Value.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			want := constantFor(label)
			if constName != want {
				t.Errorf("%s is labelled %q: want the constant %s", constName, label, want)
			}
			n++
		}
		return false
	})
	if n != int(numMemKeys) {
		t.Errorf("memKeyNames has %d labels, want one per MemKey (%d)", n, numMemKeys)
	}
}

// constantFor is the naming rule: "Mem" (unless the label starts with it) and the label
// without '(', ')' and '_', the letter after '(' in upper case.
func constantFor(label string) string {
	var b strings.Builder
	if !strings.HasPrefix(label, "Mem") {
		b.WriteString("Mem")
	}
	upper := false
	for _, r := range label {
		switch r {
		case '(':
			upper = true
			continue
		case ')', '_':
			continue
		}
		if upper {
			r, upper = unicode.ToUpper(r), false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Get, Value and Set through keys: a field outside the host's file is appended and rendered
// as the kernel prints it; the other lines, known or not, keep their text and order.
func TestMemKeyAccess(t *testing.T) {
	in := "MemTotal:       16384000 kB\nNoSuchField:         17 kB\nCached:  12 kB\nHugePages_Total:       3\n"
	m, ok := ParseMeminfo([]byte(in))
	if !ok {
		t.Fatal("MemTotal not found")
	}
	if v, ok := m.Get(MemCached); !ok || v != 12 || m.Value(MemHugePagesTotal) != 3 {
		t.Errorf("Cached %d %v, HugePages_Total %d", v, ok, m.Value(MemHugePagesTotal))
	}
	if v, ok := m.Get(MemShmem); ok || v != 0 || m.Value(MemShmem) != 0 {
		t.Errorf("Shmem absent: got %d %v", v, ok)
	}
	m.Set(MemTotal, 16384000) // unchanged: the line stays as read
	m.Set(MemShmem, 5)
	want := in + "Shmem:                 5 kB\n"
	if got := string(m.Render()); got != want {
		t.Errorf("render:\n%q\nwant\n%q", got, want)
	}
	if MemCommittedAS.String() != "Committed_AS" || MemActiveAnon.String() != "Active(anon)" {
		t.Errorf("labels %q %q", MemCommittedAS, MemActiveAnon)
	}
}
