package df

import (
	"strings"
	"testing"
)

// The expected strings below are what coreutils 9.1's df prints for these numbers (checked
// with /usr/bin/df on tmpfs mounts of chosen sizes and with the gnulib algorithm by hand).
func TestFormatHuman(t *testing.T) {
	const h = hAutoscale | hSI | hBase1024
	const H = hAutoscale | hSI
	cases := []struct {
		n        uint64
		opts     int
		from, to uint64
		want     string
	}{
		{0, h, 4096, 1, "0"},
		{1, h, 1, 1, "1"},
		{1023, h, 1, 1, "1023"},
		{1024, h, 1, 1, "1.0K"},
		{1025, h, 1, 1, "1.1K"},     // rounds up
		{4096, h, 1, 1, "4.0K"},     // one decimal below 10
		{10 * 1024, h, 1, 1, "10K"}, // none from 10 up
		{10*1024 - 1, h, 1, 1, "10K"},
		{1023*1024 + 1, h, 1, 1, "1.0M"}, // 1023.001K rounds up to the next unit
		{5 << 20, h, 1, 1, "5.0M"},
		{264212084, h, 1024, 1, "252G"},
		{1000, H, 1, 1, "1.0k"}, // -H: lowercase k
		{999, H, 1, 1, "999"},
		{1001, H, 1, 1, "1.1k"},
		{270553174016, H, 1, 1, "271G"},
		// Fixed block sizes: ceiling division, no suffix without a unit letter.
		{3, 0, 4096, 1024, "12"},
		{1, 0, 4096, 1000, "5"},       // 4.096 rounds up (floating-point branch)
		{125, 0, 4096, 1000, "512"},   // exactly 512: no spurious rounding up
		{1000, 0, 4096, 1000000, "5"}, // 4.096 MB
		{1, 0, 4096, 3000, "2"},       // 1.365...
		{2, 0, 1024, 1048576, "1"},    // 2 KiB in MiB
		{0, 0, 1024, 1048576, "0"},    // nothing to round
		{1, hSI | hBase1024, 4096, 1 << 20, "1M"},
		{1, hSI | hB, 4096, 1000000, "1MB"},
		{1, hSI | hB | hBase1024, 4096, 1 << 20, "1MiB"},
		{12533, hSI | hBase1024, 1 << 20, 1 << 20, "12533M"},
		{^uint64(0), 0, 1, 1, "18446744073709551615"},
		{^uint64(0), 0, 4096, 1, "75557863725914323415040"}, // n*4096 overflows: float branch
		// The header's block-size names.
		{1024, hSuppressPointZero | hAutoscale | hSI | hBase1024, 1, 1, "1K"},
		{1000, hSuppressPointZero | hAutoscale | hSI | hB, 1, 1, "1kB"},
		{512, hSuppressPointZero | hAutoscale | hSI | hB, 1, 1, "512B"},
		{1 << 20, hSuppressPointZero | hAutoscale | hSI | hBase1024 | hB, 1, 1, "1MiB"},
		{1536, hSuppressPointZero | hAutoscale | hSI | hBase1024, 1, 1, "1.5K"},
	}
	for _, c := range cases {
		if got := formatHuman(c.n, c.opts, c.from, c.to); got != c.want {
			t.Errorf("formatHuman(%d, %#x, %d, %d) = %q, want %q", c.n, c.opts, c.from, c.to, got, c.want)
		}
	}
}

func TestHumanOptions(t *testing.T) {
	t.Setenv("POSIXLY_CORRECT", "")
	cases := []struct {
		spec string
		opts int
		bs   uint64
		err  strtolErr
	}{
		{"1K", 0, 1024, longintOK},
		{"K", hSI | hBase1024, 1024, longintOK},
		{"KiB", hSI | hB | hBase1024, 1024, longintOK},
		{"KB", hSI | hB, 1000, longintOK},
		{"kB", hSI | hB, 1000, longintOK},
		{"MB", hSI | hB, 1000000, longintOK},
		{"1MB", 0, 1000000, longintOK},
		{"'1K", hGroupDigits, 1024, longintOK},
		{"'M", hGroupDigits | hSI | hBase1024, 1 << 20, longintOK},
		{"human-readable", hAutoscale | hSI | hBase1024, 1, longintOK},
		{"hum", hAutoscale | hSI | hBase1024, 1, longintOK},
		{"si", hAutoscale | hSI, 1, longintOK},
		{"0x10", 0, 16, longintOK},
		{"010", 0, 8, longintOK},
		{" 5K", 0, 5120, longintOK},
		{"1MD", 0, 1000000, longintOK},
		{"x", 0, 512, longintInvalid},           // nothing set: the default
		{"5x", 0, 5, longintInvalidSuffix},      // the value stays, with an error
		{"0", 0, 512, longintInvalid},           // zero is no block size
		{"0x", 0, 512, longintInvalid},          // "0" then a bad suffix: zero
		{"-1", 0, 512, longintInvalid},          // negative
		{"", 0, 512, longintInvalid},            // ambiguous keyword, then no number
		{"Ki", 0, 1024, longintInvalidSuffix},   // "i" without "B"
		{"1e", 0, 1, longintInvalidSuffix},      // lowercase e is listed but not scaled
		{"1Y", 0, ^uint64(0), longintOverflow},  // 2^80
		{"16E", 0, ^uint64(0), longintOverflow}, // 2^64
		{"99999999999999999999999", 0, ^uint64(0), longintOverflow},
		{"2Yx", 0, ^uint64(0), longintOverflow | longintInvalidSuffix},
	}
	for _, c := range cases {
		opts, bs, err := humanOptions(c.spec, true, 0)
		if opts != c.opts || bs != c.bs || err != c.err {
			t.Errorf("humanOptions(%q) = %#x, %d, %d; want %#x, %d, %d", c.spec, opts, bs, err, c.opts, c.bs, c.err)
		}
	}
}

func TestHumanOptionsEnvironment(t *testing.T) {
	t.Setenv("BLOCK_SIZE", "")
	t.Setenv("BLOCKSIZE", "4096")
	// An empty BLOCK_SIZE still counts as given (and is invalid: the default).
	if _, bs, _ := humanOptions("", false, 0); bs != 1024 {
		t.Errorf("empty BLOCK_SIZE: block size %d, want 1024", bs)
	}
}

func TestParseMountinfo(t *testing.T) {
	text := "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n" +
		"28 27 0:25 / /mnt/with\\040space ro - tmpfs my\\011src ro,size=4k\n" +
		"29 27 0:26 /sub /bound rw shared:5 master:2 - tmpfs tmpfs rw\n" +
		"30 27 0:27 / /proc rw - proc proc rw\n" +
		"31 27 0:28 / /nfs rw - nfs4 server:/export rw\n" +
		"32 27 0:29 / /nosuper rw - tmpfs tmpfs\n" + // no super options: skipped
		"garbage\n" +
		"33 27 259:65536 / /big rw - xfs /dev/nvme0n1p1 rw\n" +
		"34 27 0:30 / /cut\\000off rw - tmpfs a rw" // no final newline
	got := parseMountinfo([]byte(text))
	want := []mountEntry{
		{devname: "/dev/vda", dir: "/", root: "/", fstype: "ext4", dev: mkdev(254, 0)},
		{devname: "my\tsrc", dir: "/mnt/with space", root: "/", fstype: "tmpfs", dev: mkdev(0, 25)},
		{devname: "tmpfs", dir: "/bound", root: "/sub", fstype: "tmpfs", dev: mkdev(0, 26)},
		{devname: "proc", dir: "/proc", root: "/", fstype: "proc", dev: mkdev(0, 27), dummy: true},
		{devname: "server:/export", dir: "/nfs", root: "/", fstype: "nfs4", dev: mkdev(0, 28), remote: true},
		{devname: "/dev/nvme0n1p1", dir: "/big", root: "/", fstype: "xfs", dev: mkdev(259, 65536)},
		{devname: "a", dir: "/cut", root: "/", fstype: "tmpfs", dev: mkdev(0, 30)},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		got[i].super = ""
		if got[i] != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if d := mkdev(259, 65536); d != 0x10010300 {
		t.Errorf("mkdev(259, 65536) = %#x", d)
	}
}

func TestQuotef(t *testing.T) {
	cases := map[string]string{
		"/nonexistent": "/nonexistent",
		"a b":          "'a b'",
		"a:b":          "'a:b'",
		"#x":           "'#x'",
		"x#":           "x#",
		"it's":         `"it's"`,
		"it's x":       `"it's x"`,
		"a$b":          "'a$b'",
		"{":            "'{'",
		"a\nb":         `'a'$'\n''b'`,
		"\nb":          `''$'\n''b'`,
		"\xff":         `''$'\377'`,
		"":             "''",
	}
	for in, want := range cases {
		if got := quotef(in, true); got != want {
			t.Errorf("quotef(%q) = %s, want %s", in, got, want)
		}
	}
	if got := quote("x", true); got != "\u2018x\u2019" {
		t.Errorf("quote UTF-8 = %s", got)
	}
	if got := quote("x", false); got != "'x'" {
		t.Errorf("quote ASCII = %s", got)
	}
}

func TestPercent(t *testing.T) {
	cases := []struct {
		used, avail uint64
		want        string
	}{
		{0, 0, "-"}, {0, 10, "0%"}, {1, 99, "1%"}, {1, 100, "1%"}, {99, 1, "99%"},
		{14059980, 81441284, "15%"}, {^uint64(0) / 50, 1, "100%"},
	}
	for _, c := range cases {
		v := values{used: c.used, available: c.avail}
		if got := percent(&v); got != c.want {
			t.Errorf("percent(%d, %d) = %s, want %s", c.used, c.avail, got, c.want)
		}
	}
	v := values{used: ^uint64(0)}
	if got := percent(&v); got != "-" {
		t.Errorf("unknown used: %s", got)
	}
}

func TestMainErrors(t *testing.T) {
	var o, e strings.Builder
	if code := Main("df", []string{"-B", "x"}, &o, &e); code != 1 || e.String() != "df: invalid -B argument 'x'\n" {
		t.Errorf("-B x: %d %q", code, e.String())
	}
	e.Reset()
	if code := Main("df", []string{"--pid", "0"}, &o, &e); code != 1 || !strings.HasPrefix(e.String(), "df: --pid: invalid") {
		t.Errorf("--pid 0: %d %q", code, e.String())
	}
}
