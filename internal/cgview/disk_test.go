package cgview

import (
	"testing"
)

func TestParseDiskstats(t *testing.T) {
	in := "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n" +
		" 253       1 vda1 10 0 80 5 20 0 160 9 0 14 14\n" +
		"bad line\n"
	ds, err := parseDiskstats([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("got %d devices, want 2", len(ds))
	}
	if d := ds[0]; d.Major != 8 || d.Name != "sda" || d.NFields != 17 || d.FlushTicks != 17 || d.WriteSectors != 7 {
		t.Fatalf("sda: %+v", d)
	}
	if d := ds[1]; d.NFields != 11 || d.WriteSectors != 160 || d.DiscardIOs != 0 {
		t.Fatalf("vda1: %+v", d)
	}
	if got, want := string(ds[1].AppendLine(nil)), " 253       1 vda1 10 0 80 5 20 0 160 9 0 14 14\n"; got != want {
		t.Fatalf("AppendLine = %q, want %q", got, want)
	}
	if _, err := parseDiskstats([]byte("garbage\n")); err == nil {
		t.Fatal("garbage accepted")
	}
	if ds, err := parseDiskstats(nil); err != nil || len(ds) != 0 {
		t.Fatalf("empty: %v %v", ds, err)
	}
}

func FuzzParseDiskstats(f *testing.F) {
	for _, s := range []string{
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
		" 253 1 vda1 10 0 80 5 20 0 160 9 0 14 14\n", "1 2 x", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := parseDiskstats(b)
		if err != nil {
			return
		}
		for _, d := range ds {
			if d.NFields < 11 || d.NFields > 17 || d.Name == "" {
				t.Fatalf("bad device %+v", d)
			}
			again, err := parseDiskstats(d.AppendLine(nil))
			if err != nil || len(again) != 1 || again[0] != d {
				t.Fatalf("round trip of %+v: %+v %v", d, again, err)
			}
		}
	})
}
