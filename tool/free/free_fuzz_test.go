package free

import (
	"bytes"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cgview"
)

// FuzzReport: any meminfo content gives a report of the right shape under every unit, with
// no panic (values wrap as the C tool's do, but the layout holds).
func FuzzReport(f *testing.F) {
	f.Add([]byte("MemTotal: 1 kB\nMemFree: 2 kB\nMemAvailable: 3 kB\n"))
	f.Add([]byte("MemTotal: 18446744073709551615 kB\nSwapTotal: 1 kB\nSwapFree: 18446744073709551615 kB\nCommitted_AS: 9 kB\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := cgview.ParseMeminfo(b)
		v := Compute(m)
		for _, o := range []Options{{}, {Human: true}, {Human: true, SI: true}, {Exponent: ExpBytes, Wide: true, Total: true, LoHi: true, Committed: true}, {Exponent: ExpPeta, SI: true}} {
			out := AppendReport(nil, v, o)
			lines := bytes.Count(out, []byte("\n"))
			want := 3
			if o.Total {
				want++
			}
			if o.LoHi {
				want += 2
			}
			if o.Committed {
				want++
			}
			if lines != want {
				t.Fatalf("%d lines, want %d:\n%s", lines, want, out)
			}
		}
	})
}
