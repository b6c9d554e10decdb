package sar

import (
	"testing"
)

// FuzzParseHistory: the -f reader never panics, and whatever it accepts re-encodes to the
// same samples.
func FuzzParseHistory(f *testing.F) {
	h := &Header{Sysname: "Linux", Release: "6.1", Nodename: "vm", Machine: "x86_64", NCPU: 2, Time: 1}
	s := &Sample{Time: 2, Uptime: 100, CPU: make([]CPUStat, 3), Disks: []Disk{{Major: 8, Name: "sda", IOs: 3}},
		Net: []NetDev{{Name: "lo", RxBytes: 5, Duplex: 1}}, Snmp: make([]uint64, nSnmp)}
	good := append([]byte(fileMagic), frame(encodeHeader(h))...)
	good = append(good, frame(encodeSample(s, nil))...)
	f.Add(good)
	f.Add(good[:len(good)-4])
	s.FS, s.FSCount = []FSStat{{Name: "/dev/a", Mount: "/", Blocks: 9, Bfree: 3}}, 1
	s.Serial = []Serial{{Line: 0, TX: 218}, {Line: 1, RX: 4}}
	withFS := append([]byte(fileMagic), frame(encodeHeader(h))...)
	f.Add(append(withFS, frame(encodeSample(s, nil))...))
	f.Add([]byte(fileMagic))
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, b []byte) {
		hist, err := parseHistory(b)
		if err != nil {
			return
		}
		for _, s := range hist.samples {
			again, ok := decodeSample(encodeSample(s, nil))
			if !ok || again.Time != s.Time || len(again.CPU) != len(s.CPU) || len(again.Disks) != len(s.Disks) ||
				len(again.Snmp) != len(s.Snmp) || len(again.FS) != len(s.FS) || len(again.Serial) != len(s.Serial) {
				t.Fatalf("re-encoding changed a sample")
			}
		}
	})
}
