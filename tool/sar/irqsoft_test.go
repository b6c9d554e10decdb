package sar

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseInterrupts(t *testing.T) {
	text := "           CPU0       CPU2\n" +
		"  0:         10          5   IO-APIC   2-edge      timer\n" +
		"LONGNAME9:    1 -1\n" + // a minus wraps as strtoul's; the name keeps 7 bytes
		"ERR:          7\n" +
		"no colon here\n" +
		"MIS:          0\n"
	// sysstat counts a line whose first ':' (or end, when it has none) is at offset 1 to 15:
	// "no colon here\n" counts, so one blank row follows.
	if n := countInterrupts([]byte(text), 2); n != 5 {
		t.Fatalf("count %d", n)
	}
	rows, nr := parseInterrupts([]byte(text), 2, 6)
	if nr != 4 { // the last CPU number + 2: sysstat grows its buffers for CPU2
		t.Fatalf("nr %d", nr)
	}
	names := []string{}
	for _, r := range rows {
		names = append(names, r.Name)
	}
	if !reflect.DeepEqual(names, []string{"sum", "0", "LONGNAM", "ERR", "MIS", ""}) {
		t.Fatalf("names %v", names)
	}
	if got := rows[1].N; got[0] != 15 || got[1] != 10 || got[3] != 5 || got[2] != 0 {
		t.Errorf("row 0: %v", got)
	}
	if got := rows[2].N; got[1] != 1 || got[3] != 1<<32-1 || got[0] != 0 { // 1 + (2^32-1) wraps to 0
		t.Errorf("LONGNAM: %v", got)
	}
	if got := rows[3].N; got[0] != 7 || got[1] != 7 || got[3] != 0 {
		t.Errorf("ERR: %v", got)
	}
	if got := rows[0].N; got[0] != 22 || got[1] != 18 || got[3] != 4 {
		t.Errorf("sum: %v", got)
	}
	// nr2 bounds the rows; missing ones are blank (sysstat's zeroed buffer).
	rows, _ = parseInterrupts([]byte(text), 2, 3)
	if len(rows) != 3 || rows[2].Name != "LONGNAM" {
		t.Errorf("nr2 3: %v", rows)
	}
	rows, _ = parseInterrupts([]byte("CPU0\n 1: 4\n"), 1, 4)
	if len(rows) != 4 || rows[3].Name != "" || rows[0].N[0] != 4 {
		t.Errorf("padding: %v", rows)
	}
	if rows, nr := parseInterrupts([]byte("no header\n 1: 2\n"), 2, 3); rows != nil || nr != 0 {
		t.Errorf("no header: %v %d", rows, nr)
	}
}

func TestParseSoftnet(t *testing.T) {
	// With CPU numbers (column 13) the line goes to that CPU; without, to the next online one.
	text := "0000000a 1 2 0 0 0 0 0 0 3 4 5 00000001\n"
	out := make([]SoftCPU, 4)
	parseSoftnet([]byte(text), nil, out)
	if out[2] != (SoftCPU{10, 1, 2, 3, 4, 5}) || out[1] != (SoftCPU{}) {
		t.Errorf("with id: %v", out)
	}
	online, nr := onlineCPUs([]byte("cpu  1 2\ncpu0 1\ncpu2 1\nintr 5\n"), maxCPUs)
	if nr != 4 || !online[0] || online[1] || !online[2] {
		t.Fatalf("online %v %d", online[:3], nr)
	}
	out = make([]SoftCPU, 4)
	parseSoftnet([]byte("1 0 0 0 0 0 0 0 0 0 0\n2 0 0 0 0 0 0 0 0 0 0\n"), online, out)
	if out[1].Processed != 1 || out[2].Processed != 0 || out[3].Processed != 2 {
		t.Errorf("without id: %v", out)
	}
	if x, _, ok := scanHex(" 0xff"); !ok || x != 255 {
		t.Errorf("scanHex 0xff: %d %v", x, ok)
	}
	if x, _, ok := scanHex("-1"); !ok || x != 1<<32-1 {
		t.Errorf("scanHex -1: %d", x)
	}
	if _, nr := onlineCPUs([]byte("cpu  1\n"), maxCPUs); nr != 0 {
		t.Errorf("no cpu lines: %d", nr)
	}
}

// The 32-bit counters wrap as sysstat's unsigned int: a wrapped softnet counter reads as the
// small step it was, and -I's "all" column prints 0.00 when it went backwards.
func TestIRQSoftWrap(t *testing.T) {
	o := &options{}
	d := &display{o: o, p: printer{dec: -1}, ncpu: 1}
	prev := &Sample{Uptime: 100, Soft: []SoftCPU{{}, {Processed: 1<<32 - 10, Backlog: 1}}, SoftNR: 2,
		IRQ: []IRQRow{{"sum", []uint32{50, 50}}, {"1", []uint32{50, 50}}}, IRQNR: 2}
	curr := &Sample{Uptime: 200, Soft: []SoftCPU{{}, {Processed: 10, Backlog: 1}}, SoftNR: 2,
		IRQ: []IRQRow{{"sum", []uint32{40, 40}}, {"1", []uint32{40, 40}}}, IRQNR: 2}
	d.printSoft(prev, curr, 100, true, false, "t0", "t1")
	d.printIRQ(prev, curr, 100, "t0", "t1")
	out := string(d.p.b)
	if !strings.Contains(out, "all     20.00") {
		t.Errorf("softnet wrap:\n%s", out)
	}
	if !strings.Contains(out, "sum      0.00") {
		t.Errorf("irq backwards:\n%s", out)
	}
}

// -o records -I and -n SOFT; -f prints what the live run printed.
func TestIRQSoftRecordAndReadBack(t *testing.T) {
	root := t.TempDir()
	for _, f := range []struct{ name, text string }{
		{"proc/stat", "cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 5 0 5 50 0 0 0 0 0 0\ncpu1 5 0 5 50 0 0 0 0 0 0\n"},
		{"proc/uptime", "1000.00 1800.00\n"},
		{"proc/interrupts", "           CPU0       CPU1\n  0:        100        200   timer\nLOC:       5000       7000   Local\n"},
		{"proc/net/softnet_stat", "000000ff 00000001 00000002 0 0 0 0 0 0 00000003 00000004 00000005 00000000\n" +
			"00000fff 00000001 00000002 0 0 0 0 0 0 00000003 00000004 00000000 00000001\n"},
		{"sys/devices/system/cpu/cpu0/x", ""}, {"sys/devices/system/cpu/cpu1/x", ""},
	} {
		p := filepath.Join(root, f.name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CGPROCPS_ROOT", root)
	fastClock(t)
	file := filepath.Join(t.TempDir(), "sa")
	live, errs, code := runMain("--host", "-o", file, "-I", "ALL", "-n", "SOFT", "-P", "ALL", "1", "2")
	if code != 0 || errs != "" {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	if !strings.Contains(live, "INTR       all      CPU0      CPU1") || !strings.Contains(live, "blg_len") {
		t.Fatalf("live:\n%s", live)
	}
	for _, opts := range [][]string{{"-I", "SUM"}, {"-n", "SOFT", "-P", "ALL"}, {"-I", "--int=LOC", "-P", "1"}} {
		back, errs, code := runMain(append([]string{"-f", file}, opts...)...)
		fastClock(t)
		liveOne, _, _ := runMain(append(append([]string{"--host"}, opts...), "1", "2")...)
		// The file layout prints a header once per report, the live one per sample when
		// several CPUs show (and always for -I): compare the rows.
		rows := func(s string) string {
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				if l != "" && !strings.Contains(l, "INTR") && !strings.Contains(l, "blg_len") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}
		if code != 0 || errs != "" || rows(back) != rows(liveOne) || !strings.Contains(back, "Average:") {
			t.Errorf("-f %v (exit %d, %s) differs from live\n--- live\n%s--- -f\n%s", opts, code, errs, liveOne, back)
		}
	}
	all, _, _ := runMain("--host", "-A", "0")
	iPcsw, iIRQ, iSwp, iUDP6, iSoft := strings.Index(all, "cswch/s"), strings.Index(all, "INTR"), strings.Index(all, "pswpin/s"),
		strings.Index(all, "idgm6/s"), strings.Index(all, "total/s")
	if !(iPcsw < iIRQ && iIRQ < iSwp && iUDP6 < iSoft) {
		t.Errorf("-A order: pcsw %d INTR %d swap %d UDP6 %d SOFT %d", iPcsw, iIRQ, iSwp, iUDP6, iSoft)
	}
	// A sample recorded before these reports existed decodes without them.
	h, err := readHistory(file)
	if err != nil || len(h.samples) != 3 || len(h.samples[0].IRQ) != 3 {
		t.Fatalf("history: %v", err)
	}
	s := *h.samples[0]
	s.IRQ, s.Soft = nil, nil
	if again, ok := decodeSample(encodeSample(&s, nil)); !ok || again.IRQ != nil || again.Soft != nil {
		t.Errorf("a sample without -I/SOFT did not decode as one")
	}
}

func TestIRQOptions(t *testing.T) {
	for _, c := range []struct {
		args []string
		list []string
	}{
		{[]string{"-I"}, nil},
		{[]string{"-I", "ALL"}, nil},
		{[]string{"-I", "SUM"}, []string{"sum"}},
		{[]string{"-I", "--int=3-5,LOC,LOC,TOOLONGX,1-0"}, []string{"3", "4", "5", "LOC", "1-0"}},
		{[]string{"--int=TOOLONGX", "-I"}, nil},
	} {
		o, err := parseArgs(c.args)
		if err != nil || !o.rep.has(repIRQ) || !reflect.DeepEqual(o.irqList, c.list) {
			t.Errorf("%v: %v %v", c.args, o.irqList, err)
		}
	}
	if o, _ := parseArgs([]string{"-n", "ALL"}); !o.rep.has(repSoft) {
		t.Error("-n ALL without SOFT")
	}
	if o, _ := parseArgs([]string{"--int=1"}); o.rep.has(repIRQ) {
		t.Error("--int= alone selected -I")
	}
}

// FuzzParseInterrupts: read_stat_irq's reader never panics, keeps nr2 rows and sums the
// columns it filled.
func FuzzParseInterrupts(f *testing.F) {
	if b, err := os.ReadFile("/proc/interrupts"); err == nil {
		f.Add(b, uint8(2))
	}
	f.Add([]byte("CPU0 CPU1 CPU9999\n 0: 1 2 3\nERR: 4\n"), uint8(3))
	f.Add([]byte("CPU-5 CPU\n0:-1 x\n"), uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, ncpu uint8) {
		n := countInterrupts(b, int(ncpu))
		rows, nr := parseInterrupts(b, int(ncpu), n+1)
		if rows == nil {
			return
		}
		if len(rows) != n+1 || nr < 1 {
			t.Fatalf("rows %d (count %d), nr %d", len(rows), n, nr)
		}
		if strings.Contains(string(b), "CPU-") {
			return // CPU "-1" aliases the "all" column, as in sysstat: no simple sum
		}
		var all uint32
		for _, r := range rows[1:] {
			all += r.N[0]
		}
		if all != rows[0].N[0] {
			t.Fatalf("sum %d != %d", rows[0].N[0], all)
		}
	})
}

// FuzzParseSoftnet: read_softnet's reader and the /proc/stat online list never panic nor
// write beyond the CPUs they were given.
func FuzzParseSoftnet(f *testing.F) {
	if b, err := os.ReadFile("/proc/net/softnet_stat"); err == nil {
		f.Add(b, []byte("cpu  1\ncpu0 1\ncpu1 1\n"), uint8(2))
	}
	f.Add([]byte("ff 1 2 0 0 0 0 0 0 3 4 5 ffffffff\n1 2\n"), []byte("cpu3 1\ncpu 1\ncpux\n"), uint8(4))
	f.Fuzz(func(t *testing.T, b, stat []byte, ncpu uint8) {
		online, _ := onlineCPUs(stat, maxCPUs)
		out := make([]SoftCPU, int(ncpu)+1)
		parseSoftnet(b, online, out)
		if len(out) != int(ncpu)+1 {
			t.Fatal("resized")
		}
	})
}
