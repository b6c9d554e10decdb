package sar

import "testing"

// ioc_name's rules over a small table: letters and numbers, an explicit controller with a
// '%' disk prefix and a partition prefix, indirect majors (their own controller number, the
// base's rules), an 'x' exception minor, minors past 255 (counted past every indirect
// major of the base: 16 * (2+1) disks on), minors beyond the table (nodev), and bad lines
// skipped. (Against the real sar: TestDiskNamesOracle.)
func TestIoconfNames(t *testing.T) {
	c := parseIoconf(`# comment
1:ram:*:0:d:256:*:1:RAM disks
1:initrd:x:250:d:256:*:1:Initial RAM Disk
8:sd:*:0:a:16:*:16:SCSI - Controller %d
65:8:1:
66:8:2:desc
104:cciss:/c:0:%d:16:p:16:HP SA Controller %d
105:104:1:
7:loop:*:0:q:256:*:1:no such disk format
600:big:*:0:d:1:*:1:major out of range
77:99:1:
junk
`)
	for _, tc := range []struct {
		major, minor uint64
		want         string
	}{
		{1, 0, "ram0"}, {1, 250, "initrd"}, {1, 255, "ram255"},
		{8, 0, "sda"}, {8, 1, "sda1"}, {8, 16, "sdb"}, {8, 415, "sdbf15"}, {8, 256, "sdaw"},
		{65, 0, "sdq"}, {66, 32, "sdai"},
		{104, 0, "cciss/c0d0"}, {104, 18, "cciss/c0d1p2"}, {105, 16, "cciss/c1d1"},
		{7, 0, ""}, {600, 0, ""}, {77, 0, ""}, {3, 0, ""}, {8, 1 << 20, ""},
	} {
		if got := c.name(tc.major, tc.minor); got != tc.want {
			t.Errorf("%d:%d: %q, want %q", tc.major, tc.minor, got, tc.want)
		}
	}
	if parseIoconf("65:8:1:\n# nothing else\n") != nil {
		t.Error("a table without a full record must name nothing (devM-N)")
	}
	for n, want := range map[uint64]string{0: "a", 25: "z", 26: "aa", 51: "az", 52: "ba", 701: "zz", 702: "aaa"} {
		if got := ito26(n); got != want {
			t.Errorf("ito26(%d) = %q, want %q", n, got, want)
		}
	}
}
