package sar

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBigRecording writes a day at one sample a second (86400 records) through the writer, for
// the size and -f read-time figures of docs/sar.md. SAR_BIG=DIR keeps the file in DIR.
func TestBigRecording(t *testing.T) {
	dir := os.Getenv("SAR_BIG")
	if dir == "" {
		t.Skip("set SAR_BIG=DIR to write the 24 h recording")
	}
	file := filepath.Join(dir, "day.sa")
	os.Remove(file)
	h := &Header{Sysname: "Linux", Release: "6.1.0", Nodename: "vm", Machine: "x86_64", NCPU: 2, Time: 1795000000}
	rec, err := openRecorder(file, h)
	if err != nil {
		t.Fatal(err)
	}
	s := &Sample{Time: h.Time, Uptime: 100000, CPU: make([]CPUStat, 3), MemTotal: 24000000, MemFree: 20000000,
		Disks: []Disk{{Major: 254, Name: "vda"}}, Net: []NetDev{{Name: "lo"}, {Name: "eth0", Duplex: 1, Speed: 1000}}}
	start := time.Now()
	for i := 0; i < 86400; i++ {
		s.Time++
		s.Uptime += 100
		for c := range s.CPU {
			s.CPU[c].User += 37
			s.CPU[c].Sys += 11
			s.CPU[c].Idle += 52
		}
		s.Ctxt += 4000
		s.Processes += 3
		s.MemFree -= 7
		s.Disks[0].IOs += 5
		s.Disks[0].WrSect += 80
		s.Net[1].RxBytes += 123456
		s.Net[1].RxPackets += 90
		if err := rec.add(s); err != nil {
			t.Fatal(err)
		}
	}
	rec.close()
	st, _ := os.Stat(file)
	t.Logf("86400 records: %d bytes (%.1f bytes/record), written in %v", st.Size(), float64(st.Size())/86400, time.Since(start))
}
