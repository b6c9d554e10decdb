package sar

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMtab(t *testing.T) {
	// A line longer than fgets' piece: the first piece is read, the rest (which here looks
	// like a mount line) skipped; a first piece without the second space is skipped too.
	long := "/dev/x /m ext4 " + strings.Repeat("o", 511-15) + "/dev/fake /f ext4 rw 0 0\n" +
		"/dev/y /mnt/" + strings.Repeat("y", 600) + " ext4 rw 0 0\n"
	in := "proc /proc proc rw 0 0\n" +
		"/dev/vda / ext4 rw 0 0\n" +
		"/dev/sp /mnt/a\\040b tmpfs rw 0 0\n" +
		"/auto /net autofs rw 0 0\n" +
		"/nospace\n" +
		"/one /space\n" +
		long +
		"/dev/tab\t/x ext4 rw 0 0\n" +
		"/dev/nul /a\\000b tmpfs rw 0 0\n" +
		"/dev/oct /a\\1234 tmpfs rw 0 0\n" +
		"/dev/last /end xfs"
	got := parseMtab([]byte(in))
	want := []mtabEntry{
		{"/dev/vda", "/"},
		{"/dev/sp", "/mnt/a b"},
		{"/dev/x", "/m"},
		// A tab is no field separator for strchr(' '): the name is read up to it, the
		// mount point is what follows the first space.
		{"/dev/tab", "ext4"},
		{"/dev/nul", "/a"},
		{"/dev/oct", "/aS4"},
		{"/dev/last", "/end"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseMtab:\n got %q\nwant %q", got, want)
	}
}

func TestOct2chr(t *testing.T) {
	for in, want := range map[string]string{
		`/a\040b`: "/a b", `\134`: `\`, `/x\04`: `/x\04`, `/\0401\040`: "/ 1 ", `/\400`: `/\400`, `/\011t`: "/\tt",
		`\134040`: `\040`, // decoded once: the new backslash is not read again
	} {
		if got := oct2chr(in); got != want {
			t.Errorf("oct2chr(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadFS(t *testing.T) {
	old := statvfs
	defer func() { statvfs = old }()
	statvfs = func(p string) (vfsStat, bool) {
		switch p {
		case "/", "/again":
			return vfsStat{Blocks: 100, Bfree: 40, Bavail: 30, Files: 10, Ffree: 4, Frsize: 4096}, true
		case "/zero":
			return vfsStat{Frsize: 4096}, true
		case "/long/" + strings.Repeat("m", 200):
			return vfsStat{Blocks: 1, Frsize: 1024}, true
		}
		return vfsStat{}, false
	}
	s := &Sample{}
	readFS(s, []byte("/dev/a / ext4 rw 0 0\n/dev/a /again ext4 rw 0 0\n/dev/z /zero tmpfs rw 0 0\n"+
		"/dev/gone /gone ext4 rw 0 0\n/dev/l /long/"+strings.Repeat("m", 200)+" ext4 rw 0 0\n"), "")
	if s.FSCount != 3 || len(s.FS) != 2 {
		t.Fatalf("count %d, %d filesystems: %+v", s.FSCount, len(s.FS), s.FS)
	}
	if f := s.FS[0]; f.Name != "/dev/a" || f.Mount != "/" || f.Blocks != 409600 || f.Bfree != 163840 || f.Bavail != 122880 ||
		f.Files != 10 || f.Ffree != 4 {
		t.Errorf("first: %+v", f)
	}
	if m := s.FS[1].Mount; len(m) != maxFSLen-1 {
		t.Errorf("mount point kept %d bytes", len(m))
	}
}

// Rows, the Summary: list (last values, in the order first seen), -z and --fs=.
func TestPrintFS(t *testing.T) {
	a := FSStat{Name: "/dev/a", Mount: "/a", Blocks: 10 << 20, Bfree: 4 << 20, Bavail: 3 << 20, Files: 100, Ffree: 40}
	b := FSStat{Name: "/dev/b", Mount: "/b", Blocks: 20 << 20, Bfree: 20 << 20, Bavail: 20 << 20, Files: 10, Ffree: 10}
	a2 := a
	a2.Bfree = 5 << 20
	s0 := &Sample{FS: []FSStat{a, b}, FSCount: 2}
	s1 := &Sample{FS: []FSStat{a2}, FSCount: 1}
	o := &options{fsFlags: fsByName, dec: -1}
	d := &display{o: o, p: printer{dec: -1}}
	d.printFS(s0, s1, true, false, "t0", "t1")
	d.printFS(s0, s1, true, true, "Average:", "Average:")
	want := "\nt0           MBfsfree  MBfsused   %fsused  %ufsused     Ifree     Iused    %Iused FILESYSTEM\n" +
		"t1                  5         5     50.00     70.00        40        60     60.00 /dev/a\n" +
		"\nSummary:     MBfsfree  MBfsused   %fsused  %ufsused     Ifree     Iused    %Iused FILESYSTEM\n" +
		"Summary:            5         5     50.00     70.00        40        60     60.00 /dev/a\n" +
		"Summary:           20         0      0.00      0.00        10         0      0.00 /dev/b\n"
	if got := string(d.p.b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	o.zeroOmit, o.fsList, o.fsFlags = true, []string{"/b"}, fsByMount
	d = &display{o: o, p: printer{dec: -1}}
	d.printFS(s0, s0, false, false, "t0", "t1")
	if got := string(d.p.b); strings.Contains(got, "t1 ") || !strings.Contains(got, "MOUNTPOINT") {
		t.Errorf("-z with unchanged counters printed a row:\n%s", got)
	}
}

func TestFSOptions(t *testing.T) {
	for _, c := range []struct {
		args  []string
		flags int
		list  []string
		rep   reports
	}{
		{[]string{"-F"}, fsByName, nil, repFS},
		{[]string{"-F", "MOUNT"}, fsByMount, nil, repFS},
		{[]string{"-F", "MOUNT", "-F"}, fsByName | fsByMount, nil, repFS},
		{[]string{"-F", "MOUNT", "-A"}, fsByName, nil, repAll},
		{[]string{"-A", "-F", "MOUNT"}, fsByName | fsByMount, nil, repAll},
		{[]string{"--fs=/a,,/b,/a," + strings.Repeat("x", 128)}, 0, []string{"/a", "/b"}, 0},
		{[]string{"-Fu", "MOUNT"}, fsByName, nil, repFS | repCPU},
	} {
		o, err := parseArgs(c.args)
		if c.args[0] == "-Fu" {
			if err == nil {
				t.Errorf("%q: MOUNT after a cluster is no operand", c.args)
			}
			continue
		}
		if err != nil || o.fsFlags != c.flags || !reflect.DeepEqual(o.fsList, c.list) || o.rep != c.rep {
			t.Errorf("%q: flags %d list %q rep %x err %v", c.args, o.fsFlags, o.fsList, o.rep, err)
		}
	}
}

// A recording keeps the filesystems; one without them decodes without them.
func TestFSFileRoundTrip(t *testing.T) {
	s := &Sample{Time: 3, CPU: make([]CPUStat, 2), Snmp: make([]uint64, nSnmp), FSCount: 3,
		FS: []FSStat{{Name: "/dev/a", Mount: "/x y", Blocks: 1 << 40, Bfree: 5, Bavail: 4, Files: 9, Ffree: 8}}}
	again, ok := decodeSample(encodeSample(s, nil))
	if !ok || again.FSCount != 3 || !reflect.DeepEqual(again.FS, s.FS) || again.IRQ != nil || again.Soft != nil {
		t.Fatalf("round trip: %v %+v", ok, again)
	}
	s.FS = nil
	if again, ok := decodeSample(encodeSample(s, nil)); !ok || again.FS != nil {
		t.Errorf("a sample without -F decoded with it")
	}
}

// FuzzParseMtab: any mount table parses without a panic, into entries as read_filesystem
// keeps them.
func FuzzParseMtab(f *testing.F) {
	f.Add([]byte("/dev/vda / ext4 rw 0 0\n/dev/sp /mnt/a\\040b tmpfs rw 0 0\n/a /b autofs x\n"))
	f.Add([]byte("/x\n/y z\n/a  \n" + strings.Repeat("/", 700) + " a b\n"))
	f.Add([]byte("/a /b\\1 c\x00d\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range parseMtab(b) {
			if e.name == "" || e.name[0] != '/' || len(e.name) > 127 || len(e.mount) > 255 {
				t.Fatalf("entry %q", e)
			}
		}
		s := &Sample{}
		readFS(s, b, "")
		if len(s.FS) > s.FSCount {
			t.Fatalf("%d filesystems of %d counted", len(s.FS), s.FSCount)
		}
	})
}
