package df

import (
	"strings"
	"testing"
)

// FuzzHumanOptions: any -B text parses without a panic, and a success is a usable block size.
func FuzzHumanOptions(f *testing.F) {
	for _, s := range []string{"1K", "KiB", "MB", "'1", "human", "si", "0x10", "16E", "-1", "", " 5K", "1Ki", "2Yx", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opts, bs, err := humanOptions(s, true, 0)
		if err == longintOK && bs == 0 {
			t.Fatalf("%q: block size 0 without an error", s)
		}
		if bs == 0 {
			t.Fatalf("%q: block size 0", s)
		}
		_ = formatHuman(123456789, opts, 4096, bs)
	})
}

// FuzzFormatHuman: every number, unit pair and option set formats without a panic; with
// autoscale the text is short, and without it a fixed size prints digits only.
func FuzzFormatHuman(f *testing.F) {
	f.Add(uint64(264212084), 0, uint64(1024), uint64(1024))
	f.Add(uint64(1), hAutoscale|hSI|hBase1024, uint64(4096), uint64(1))
	f.Add(^uint64(0), hAutoscale|hSI, uint64(4096), uint64(1))
	f.Add(uint64(125), 0, uint64(4096), uint64(1000))
	f.Fuzz(func(t *testing.T, n uint64, opts int, from, to uint64) {
		if to == 0 {
			to = 1
		}
		opts &= 0x1ff
		s := formatHuman(n, opts, from, to)
		if s == "" {
			t.Fatalf("empty text for %d %#x %d %d", n, opts, from, to)
		}
		if opts&(hAutoscale|hSI|hGroupDigits) == 0 && strings.Trim(s, "0123456789") != "" {
			t.Fatalf("%d %#x %d %d: %q is not a number", n, opts, from, to, s)
		}
	})
}

// FuzzParseMountinfo: any bytes parse without a panic; entries carry no NUL and the escapes
// are decoded.
func FuzzParseMountinfo(f *testing.F) {
	f.Add([]byte("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n28 27 0:25 / /a\\040b ro - tmpfs x ro\n"))
	f.Add([]byte("1 2 -3:+4 \\0001 x y - - a b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, me := range parseMountinfo(b) {
			for _, s := range []string{me.devname, me.dir, me.root, me.fstype} {
				if strings.IndexByte(s, 0) >= 0 || strings.Contains(s, " ") && !strings.Contains(string(b), "\\040") {
					t.Fatalf("bad field %q from %q", s, b)
				}
			}
		}
	})
}

// FuzzQuotef: quoting never panics and quoted text has no raw control characters.
func FuzzQuotef(f *testing.F) {
	f.Add("a b", true)
	f.Add("it's\n", false)
	f.Fuzz(func(t *testing.T, s string, utf bool) {
		q := quotef(s, utf)
		for i := 0; i < len(q); i++ {
			if q[i] < 0x20 {
				t.Fatalf("%q -> %q holds a control character", s, q)
			}
		}
	})
}

// FuzzParseQuantity: any --ephemeral-limit text parses without a panic; a success is not 0.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"5Gi", "1e9", "500M", "5GB", "7K", "x", "99999999999Ei"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, ok := parseQuantity(s); ok && n == 0 {
			t.Fatalf("%q: 0 accepted", s)
		}
	})
}
