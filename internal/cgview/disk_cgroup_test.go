package cgview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

func TestParseIOStat(t *testing.T) {
	m, err := parseIOStat([]byte("253:0 rbytes=151552 wbytes=74084352 rios=37 wios=202 dbytes=0 dios=0\n" +
		"254:0 rbytes=512 wbytes=1024 rios=1 wios=2 dbytes=4096 dios=3 cost.vrate=100.00\nbad\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c := m[devNum{253, 0}]; c.RBytes != 151552 || c.WIOs != 202 {
		t.Fatalf("253:0 = %+v", c)
	}
	if c := m[devNum{254, 0}]; c != (ioCounters{512, 1024, 1, 2, 4096, 3}) {
		t.Fatalf("254:0 = %+v", c)
	}
	if _, err := parseIOStat([]byte("garbage\n")); err == nil {
		t.Fatal("garbage accepted")
	}
	if m, err := parseIOStat(nil); err != nil || len(m) != 0 {
		t.Fatalf("empty: %v %v", m, err)
	}
}

func TestParseBlkio(t *testing.T) {
	m, err := parseBlkio([]byte("254:0 Read 106446848\n254:0 Write 104865792\n254:0 Sync 211312640\n" +
		"254:0 Async 0\n254:0 Discard 4096\n254:0 Total 211312640\nTotal 211312640\n"))
	if err != nil {
		t.Fatal(err)
	}
	if o := m[devNum{254, 0}]; o != (blkioOps{106446848, 104865792, 4096}) {
		t.Fatalf("got %+v", o)
	}
	if m, err := parseBlkio([]byte("Total 0\n")); err != nil || len(m) != 0 {
		t.Fatalf("no devices: %v %v", m, err)
	}
	if _, err := parseBlkio([]byte("x y z\n")); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestParseUeventDevname(t *testing.T) {
	for in, want := range map[string]string{
		"MAJOR=254\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\n": "vda",
		"DEVNAME=cciss/c0d0\n":                            "cciss!c0d0",
		"MAJOR=1\n":                                       "",
		"DEVNAME=\n":                                      "",
	} {
		if got := parseUeventDevname([]byte(in)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestParseBlockStat(t *testing.T) {
	d, err := parseBlockStat([]byte("     260        0   207904        0       28        0   204816        0        0        0        0        0        0        0        0        0        0\n"))
	if err != nil || d.NFields != 17 || d.ReadIOs != 260 || d.WriteSectors != 204816 {
		t.Fatalf("%+v %v", d, err)
	}
	if got := string(d.AppendSysfsStat(nil)); got != "     260        0   207904        0       28        0   204816        0        0        0        0        0        0        0        0        0        0\n" {
		t.Fatalf("AppendSysfsStat = %q", got)
	}
	d, err = parseBlockStat([]byte("1 2 3 4\n"))
	if err != nil || d.NFields != 4 || d.WriteIOs != 3 || d.WriteSectors != 4 {
		t.Fatalf("old partition: %+v %v", d, err)
	}
	if _, err := parseBlockStat([]byte("1 2\n")); err == nil {
		t.Fatal("short line accepted")
	}
}

// The container's disks over the captures: the cgroup's counters, sectors = bytes/512.
func TestContainerDisksOverCaptures(t *testing.T) {
	for _, tc := range []struct {
		capture string
		want    []DiskStat
	}{
		{"v1-512m-1.5cpu", []DiskStat{{Major: 254, Name: "vda", ReadIOs: 260, ReadSectors: 106446848 / 512, WriteIOs: 28, WriteSectors: 104865792 / 512, NFields: 17}}},
		{"v2-192m-1.5cpu-pressure", []DiskStat{
			{Major: 254, Name: "vda", ReadIOs: 39, ReadSectors: 35614720 / 512, WriteIOs: 185, WriteSectors: 104857600 / 512, NFields: 17},
			{Major: 253, Name: "zram0", WriteIOs: 35, WriteSectors: 73400320 / 512, NFields: 17}}},
	} {
		dir := testcapture.Path(t, tc.capture)
		v, err := Open(Options{Root: dir, Mode: ModeContainer, Warn: failWriter{t}})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := v.Diskstats()
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != len(tc.want) {
			t.Fatalf("%s: %+v", tc.capture, ds)
		}
		for i := range ds {
			if ds[i] != tc.want[i] {
				t.Errorf("%s: got %+v, want %+v", tc.capture, ds[i], tc.want[i])
			}
		}
		st, err := v.BlockStat("vda", "")
		if err != nil || st.ReadIOs != tc.want[0].ReadIOs || st.WriteSectors != tc.want[0].WriteSectors {
			t.Errorf("%s: BlockStat(vda) = %+v, %v", tc.capture, st, err)
		}
		st, err = v.BlockStat("loop0", "")
		if tc.capture[:2] == "v1" && (err != nil || st.ReadIOs != 0 || st.NFields != 17) {
			t.Errorf("%s: BlockStat(loop0) = %+v, %v", tc.capture, st, err)
		}
		if _, err := v.BlockStat("nosuch", ""); err == nil {
			t.Errorf("%s: BlockStat(nosuch) found", tc.capture)
		}
	}
}

type failWriter struct{ t *testing.T }

func (w failWriter) Write(b []byte) (int, error) {
	w.t.Errorf("unexpected warning: %s", b)
	return len(b), nil
}

func FuzzParseIOStat(f *testing.F) {
	for _, s := range []string{"254:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6\n", "8:0 rbytes=x\n", ":", "1:2 =\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseIOStat(b)
		if err != nil && m != nil {
			t.Fatal("error with a result")
		}
	})
}

func FuzzParseBlkio(f *testing.F) {
	for _, s := range []string{"254:0 Read 1\n254:0 Write 2\nTotal 3\n", "Total 0\n", "8:0 Discard x\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseBlkio(b)
		if err != nil && m != nil {
			t.Fatal("error with a result")
		}
	})
}

func FuzzParseUevent(f *testing.F) {
	for _, s := range []string{"MAJOR=254\nDEVNAME=vda\n", "DEVNAME=a/b\n", "DEVNAME= \n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n := parseUeventDevname(b)
		if n == "." || n == ".." || len(n) > 0 && (n[0] == ' ') {
			t.Fatalf("bad name %q", n)
		}
	})
}

func FuzzParseBlockStat(f *testing.F) {
	for _, s := range []string{"1 2 3 4\n", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n", "x", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseBlockStat(b)
		if err == nil {
			if d.NFields < 4 || d.NFields > 17 {
				t.Fatalf("NFields %d", d.NFields)
			}
			d.AppendSysfsStat(nil)
		}
	})
}

// A missing accounting file: the host's diskstats and block stats, one warning naming it.
func TestContainerDisksMissingAccounting(t *testing.T) {
	src := testcapture.Path(t, "v1-512m-1.5cpu")
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "sys/fs/cgroup/blkio/refh-1b080060")
	for _, f := range []string{"blkio.throttle.io_serviced", "blkio.throttle.io_serviced_recursive"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	var warn strings.Builder
	v, err := Open(Options{Root: root, Mode: ModeContainer, Warn: &warn, Prog: "iostat"})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := v.Diskstats()
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.ReadFile(filepath.Join(root, "proc/diskstats"))
	var got []byte
	for i := range ds {
		got = ds[i].AppendLine(got)
	}
	if string(got) != string(host) {
		t.Errorf("diskstats:\n%s\nwant the host's:\n%s", got, host)
	}
	st, err := v.BlockStat("vda", "")
	if err != nil || st.ReadIOs != 93262 {
		t.Errorf("BlockStat(vda) = %+v, %v; want the host's 93262 reads", st, err)
	}
	if w := warn.String(); strings.Count(w, "\n") != 1 || !strings.Contains(w, "blkio.throttle.io_serviced: missing") {
		t.Errorf("warnings: %q", w)
	}
}

// Partitions in container mode: listed, zero (cgroup accounting is per disk), and written
// by procfs as zeros so that the host's partition counters never show through.
func TestContainerPartitions(t *testing.T) {
	src := testcapture.Path(t, "v1-512m-1.5cpu")
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "sys/block/vda/vda1")
	os.MkdirAll(p, 0o755)
	os.WriteFile(filepath.Join(p, "stat"), []byte("     100        1      800       20       50        2      400       10        0       30       30        0        0        0        0        0        0\n"), 0o644)
	os.WriteFile(filepath.Join(p, "dev"), []byte("254:1\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "sys/block/vda/queue"), 0o755) // not a partition: no stat
	v, err := Open(Options{Root: root, Mode: ModeContainer, Warn: failWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.BlockPartitions("vda"); len(got) != 1 || got[0] != "vda1" {
		t.Fatalf("BlockPartitions(vda) = %v", got)
	}
	st, err := v.BlockStat("vda", "vda1")
	if err != nil || st.ReadIOs != 0 || st.ReadSectors != 0 || st.NFields != 17 || st.Major != 254 || st.Minor != 1 {
		t.Fatalf("BlockStat(vda, vda1) = %+v, %v", st, err)
	}
	out := t.TempDir()
	if err := v.WriteProcfs(out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "sys/block/vda/vda1/stat"))
	want := strings.TrimSuffix(strings.Repeat("       0 ", 17), " ") + "\n"
	if err != nil || string(b) != want {
		t.Errorf("rendered vda1/stat = %q, %v", b, err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "sys/block/vda/vda1/dev")); string(b) != "254:1\n" {
		t.Errorf("rendered vda1/dev = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "sys/block/vda/stat")); !strings.HasPrefix(string(b), "     260        0   207904") {
		t.Errorf("rendered vda/stat = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "proc/diskstats")); string(b) != " 254       0 vda 260 0 207904 0 28 0 204816 0 0 0 0 0 0 0 0 0 0\n" {
		t.Errorf("rendered diskstats = %q", b)
	}
}
