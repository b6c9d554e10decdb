package sar

import (
	"reflect"
	"strings"
	"testing"
)

const serialSample = "serinfo:1.0 driver revision:\n" +
	"0: uart:16550A port:000003F8 irq:4 tx:218 rx:0 RTS|CTS|DTR|DSR|CD\n" +
	"1: uart:16550A port:000002F8 irq:3 tx:5000 rx:300 fe:2 pe:1 brk:7 oe:3 RTS|DTR\n" +
	"2: uart:unknown port:000003E8 irq:4\n" +
	"3: uart:16550A port:000002E8 irq:3 tx:4294967296 rx:-1 CTS\n"

func TestParseSerial(t *testing.T) {
	got := parseSerial([]byte(serialSample + "x tx:9\n" + strings.Repeat("p", 300) + " tx:4\n"))
	want := []Serial{{0, 0, 218, 0, 0, 0, 0}, {1, 300, 5000, 2, 1, 7, 3}, {3, 4294967295, 0, 0, 0, 0, 0}, // sscanf "%u" truncates: 2^32 is 0, -1 is 2^32-1
		{0, 0, 9, 0, 0, 0, 0}, {0, 0, 4, 0, 0, 0, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseSerial:\n got %v\nwant %v", got, want)
	}
}

func TestPrintSerial(t *testing.T) {
	prev := &Sample{Serial: []Serial{{Line: 0, TX: 100}, {Line: 1, RX: 10}}}
	curr := &Sample{Serial: []Serial{{Line: 0, TX: 350}, {Line: 1, RX: 10}, {Line: 7, TX: 1}, {Line: 1 << 31}}}
	o := &options{dec: -1}
	d := &display{o: o, p: printer{dec: -1}}
	d.printSerial(prev, curr, 200, true, "t0", "t1")
	want := "\nt0                TTY   rcvin/s   xmtin/s framerr/s prtyerr/s     brk/s   ovrun/s\n" +
		"t1                  0      0.00    125.00      0.00      0.00      0.00      0.00\n" +
		"t1                  1      0.00      0.00      0.00      0.00      0.00      0.00\n"
	if got := string(d.p.b); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	o.zeroOmit = true
	d = &display{o: o, p: printer{dec: -1}}
	d.printSerial(prev, curr, 200, false, "t0", "t1")
	if got := string(d.p.b); strings.Contains(got, "  1      ") || !strings.Contains(got, "125.00") {
		t.Errorf("-z:\n%s", got)
	}
	if itoa32(-2147483648) != "-2147483648" || itoa32(42) != "42" {
		t.Errorf("itoa32")
	}
}

func TestSerialFileRoundTrip(t *testing.T) {
	s := &Sample{Time: 3, CPU: make([]CPUStat, 2), Snmp: make([]uint64, nSnmp), Serial: parseSerial([]byte(serialSample))}
	again, ok := decodeSample(encodeSample(s, nil))
	if !ok || !reflect.DeepEqual(again.Serial, s.Serial) || again.FS != nil || again.IRQ != nil {
		t.Fatalf("round trip: %v %+v", ok, again)
	}
	if o, err := parseArgs([]string{"-y"}); err != nil || o.rep != repSerial || len(o.unsupported) != 0 {
		t.Errorf("-y: %+v %v", o, err)
	}
}

// FuzzParseSerial: any serial file parses without a panic.
func FuzzParseSerial(f *testing.F) {
	f.Add([]byte(serialSample))
	f.Add([]byte("tx:\ntx:-\n1tx:99999999999999999999999 rx:+5 brk:"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := parseSerial(b)
		if len(got) > strings.Count(string(b), "tx:") {
			t.Fatalf("%d lines from %d tx:", len(got), strings.Count(string(b), "tx:"))
		}
	})
}
