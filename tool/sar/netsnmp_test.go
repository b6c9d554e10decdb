package sar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSNMPPositions(t *testing.T) {
	// The kernel's Icmp line with InCsumErrors (field 3) and without: sysstat's two formats.
	hdrNew := "Icmp: InMsgs InErrors InCsumErrors InDestUnreachs\n"
	var vals []string
	for i := 1; i <= 30; i++ {
		vals = append(vals, strings.Repeat("1", 1)+string(rune('0'+i/10))+string(rune('0'+i%10)))
	}
	line := "Icmp: " + strings.Join(vals, " ") + "\n"
	out := make([]uint64, nSnmp)
	parseSNMP([]byte(hdrNew+line), out)
	// InMsgs is field 1 (101), OutMsgs field 15 (115), OutAddrMaskReps field 27 (127).
	if out[snICMP] != 101 || out[snICMP+1] != 115 || out[snICMP+13] != 127 {
		t.Errorf("new ICMP format: %v", out[snICMP:snICMP+14])
	}
	if out[snEICMP] != 102 || out[snEICMP+1] != 116 || out[snEICMP+11] != 121 {
		t.Errorf("new EICMP format: %v", out[snEICMP:snEICMP+12])
	}
	out = make([]uint64, nSnmp)
	parseSNMP([]byte("Icmp: InMsgs InErrors InDestUnreachs\n"+line), out)
	if out[snICMP+1] != 114 || out[snICMP+13] != 126 || out[snEICMP+2] != 103 {
		t.Errorf("old ICMP format: %v / %v", out[snICMP:snICMP+14], out[snEICMP:snEICMP+12])
	}
	// sscanf stops at the first field that is not a number; MaxConn (-1) reads as %d.
	out = make([]uint64, nSnmp)
	parseSNMP([]byte("Tcp: a b\nTcp: 1 200 120000 -1 5 6 7 8 9 10 x 12\nUdp: h\nUdp: 1 2 3 4\n"), out)
	if out[snTCP] != 5 || out[snTCP+1] != 6 || out[snTCP+2] != 10 || out[snTCP+3] != 0 {
		t.Errorf("TCP: %v", out[snTCP:snTCP+4])
	}
	if out[snETCP] != 7 || out[snETCP+2] != 0 {
		t.Errorf("ETCP: %v", out[snETCP:snETCP+5])
	}
	if got := out[snUDP : snUDP+4]; got[0] != 1 || got[1] != 4 || got[2] != 2 || got[3] != 3 {
		t.Errorf("UDP (printed order idgm odgm noport idgmerr): %v", got)
	}
	// Only the second line of a prefix counts; a third is ignored.
	out = make([]uint64, nSnmp)
	parseSNMP([]byte("Ip: h\nIp: 1 2 3\nIp: 9 9 9\n"), out)
	if out[snIP] != 3 {
		t.Errorf("IP: %v", out[snIP:snIP+8])
	}
}

func TestParseSockstat(t *testing.T) {
	out := make([]uint64, nSnmp)
	parseSockstat([]byte("sockets: used 12\nTCP: inuse 3 orphan 0 tw 7 alloc 4 mem 1\nUDP: inuse 2 mem 0\n"+
		"UDPLITE: inuse 9\nRAW: inuse 1\nFRAG: inuse 4 memory 0\n"), out)
	if got := out[snSock : snSock+6]; got[0] != 12 || got[1] != 3 || got[2] != 2 || got[3] != 1 || got[4] != 4 || got[5] != 7 {
		t.Errorf("sockstat: %v", got)
	}
	parseSockstat6([]byte("TCP6: inuse 5\nUDP6: inuse 6\nUDPLITE6: inuse 0\nRAW6: inuse 7\nFRAG6: inuse 8 memory 0\n"), out)
	if got := out[snSock6 : snSock6+4]; got[0] != 5 || got[1] != 6 || got[2] != 7 || got[3] != 8 {
		t.Errorf("sockstat6: %v", got)
	}
	// %u into an unsigned int: -1 is 4294967295; a short line reads nothing.
	out = make([]uint64, nSnmp)
	parseSockstat([]byte("sockets: used -1\nTCP:\n"), out)
	if out[snSock] != 4294967295 || out[snSock+1] != 0 {
		t.Errorf("edge sockstat: %v", out[:6])
	}
}

func TestParseSNMP6(t *testing.T) {
	out := make([]uint64, nSnmp)
	parseSNMP6([]byte("Ip6InReceives                   \t17\nIp6InReceivesX 3\nUdp6NoPorts 4\nIcmp6OutPktTooBigs\t9\n"+
		"Icmp6InErrors                   \t2\n"), out)
	if out[snIP6] != 17 || out[snUDP6+2] != 4 || out[snEICMP6+10] != 0 || out[snEICMP6] != 2 {
		t.Errorf("snmp6: ip6 %v udp6 %v eicmp6 %v", out[snIP6:snIP6+10], out[snUDP6:snUDP6+4], out[snEICMP6:snEICMP6+11])
	}
}

// The reports over a root with this machine's /proc/net files: -o records them and -f prints
// them back exactly as the live run did; -A includes them in sysstat's order.
func TestNetReportsRecordAndReadBack(t *testing.T) {
	root, _ := filepath.Abs("testdata/netroot")
	t.Setenv("CGPROCPS_ROOT", root)
	fastClock(t)
	file := filepath.Join(t.TempDir(), "sa")
	sel := "SOCK,IP,EIP,ICMP,EICMP,TCP,ETCP,UDP,SOCK6,IP6,EIP6,ICMP6,EICMP6,UDP6"
	live, errs, code := runMain("--host", "-o", file, "-n", sel, "1", "3")
	if code != 0 || errs != "" {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	if !strings.Contains(live, "totsck") || !strings.Contains(live, "idgmer6/s") || strings.Count(live, "Average:") != 28 {
		t.Fatalf("live run:\n%s", live)
	}
	back, errs, code := runMain("-f", file, "-n", sel)
	if code != 0 || errs != "" {
		t.Fatalf("-f: exit %d: %s", code, errs)
	}
	// -f prints report by report (the Average rows without a header over few records), the
	// live run sample by sample: compare the Average value rows.
	avg := func(s string) string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "Average:") && strings.Trim(l[8:], " 0123456789.") == "" {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if avg(back) != avg(live) || avg(back) == "" {
		t.Errorf("-f Average rows differ\n--- live\n%s\n--- -f\n%s", avg(live), avg(back))
	}
	one, _, _ := runMain("-f", file, "-n", "SOCK")
	fastClock(t) // the same clock as the recording
	liveOne, _, _ := runMain("--host", "-n", "SOCK", "1", "3")
	if one != liveOne {
		t.Errorf("-f -n SOCK differs from live\n--- live\n%s--- -f\n%s", liveOne, one)
	}
	all, _, _ := runMain("--host", "-A", "0")
	iDev, iSock, iUDP6 := strings.Index(all, "IFACE"), strings.Index(all, "totsck"), strings.Index(all, "idgm6/s")
	if iSock < 0 || iUDP6 < iSock || (iDev >= 0 && iDev > iSock) {
		t.Errorf("-A order: DEV %d SOCK %d UDP6 %d\n%s", iDev, iSock, iUDP6, all)
	}
	// A recording without the counters (an older file) reads, without these reports.
	h, err := readHistory(file)
	if err != nil || len(h.samples) != 4 || len(h.samples[0].Snmp) != nSnmp {
		t.Fatalf("history: %v", err)
	}
	s := *h.samples[0]
	s.Snmp = nil
	if again, ok := decodeSample(encodeSample(&s, nil)); !ok || again.Snmp != nil {
		t.Errorf("a sample without counters did not decode as one")
	}
}

// FuzzNetParsers: the sockstat, snmp, snmp6 and kernel-table readers never panic and write only their
// counters.
func FuzzNetParsers(f *testing.F) {
	for _, n := range []string{"snmp", "snmp6", "sockstat", "sockstat6"} {
		if b, err := os.ReadFile(filepath.Join("testdata/netroot/proc/net", n)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Icmp: InCsumErrors\nIcmp: 1 2 -3 99999999999999999999999 x\nTCP: inuse -1 tw"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out := make([]uint64, nSnmp)
		parseSockstat(b, out)
		parseSockstat6(b, out)
		parseSNMP(b, out)
		parseSNMP6(b, out)
		ktables(string(b), string(b), string(b), string(b), out[snKT:snKT+4])
		if len(out) != nSnmp {
			t.Fatal("counters resized")
		}
	})
}
