package sysstat

import "testing"

func TestPrinter(t *testing.T) {
	c := Colors{High: "<H>", Low: "<L>", Zero: "<Z>", NonZero: "<N>", Normal: "<0>"}
	for _, tc := range []struct {
		name string
		got  []byte
		want string
	}{
		{"f", Printer{Dec: -1}.AppendF(nil, NoUnit, 9, 2, 1.005, 0.004), "      1.00      0.00"},
		{"f --dec=0", Printer{Dec: 0}.AppendF(nil, NoUnit, 9, 2, 2.5), "         2"},
		{"f colours", Printer{Colors: c, Dec: -1}.AppendF(nil, NoUnit, 7, 2, 0.004, -0.01), "<Z>    0.00<0><N>   -0.01<0>"},
		{"f sectors", Printer{Dec: -1}.AppendF(nil, UnitSector, 9, 2, 4096), "      2.0M"},
		{"u64", Printer{Colors: c, Dec: -1}.AppendU64(nil, NoUnit, 9, 0, 42), "<Z>         0<0><N>        42<0>"},
		{"u64 kB", Printer{Dec: 1}.AppendU64(nil, UnitKB, 3, 1536), " 1.5M"},
		{"unit past P", Printer{Dec: -1}.AppendUnit(nil, UnitByte, 9, 1<<62), "      4.0?"},
		{"pc", Printer{Colors: c, Dec: -1}.AppendPC(nil, false, 9, 2, 80, 60, 0.001, 10), "<H>     80.00<0><L>     60.00<0><Z>      0.00<0><N>     10.00<0>"},
		{"pc human", Printer{Dec: -1}.AppendPC(nil, true, 9, 2, 12.34), "     12.3%"},
		// 12.7's directions: high is bad (>= 90 extreme, >= 75 warn), low is bad (<= 10, <= 25),
		// low is bad but zero is zero.
		{"xpc high", Printer{Colors: c, Dec: -1}.AppendXPC(nil, false, XHigh, 6, 2, 90, 89.99, 75, 60, 0.004),
			"<H>  90.00<0><L>  89.99<0><L>  75.00<0><N>  60.00<0><Z>   0.00<0>"},
		{"xpc low", Printer{Colors: c, Dec: -1}.AppendXPC(nil, false, XLow, 6, 2, 0, 10, 10.01, 25, 25.01, 90),
			"<H>   0.00<0><H>  10.00<0><L>  10.01<0><L>  25.00<0><N>  25.01<0><N>  90.00<0>"},
		{"xpc low0", Printer{Colors: c, Dec: -1}.AppendXPC(nil, false, XLow0, 6, 2, 0, 0.004, 0.005, 20, 50),
			"<Z>   0.00<0><Z>   0.00<0><H>   0.01<0><L>  20.00<0><N>  50.00<0>"},
		{"xpc low0 one decimal", Printer{Colors: c, Dec: 1}.AppendXPC(nil, true, XLow0, 6, 2, 0.04, 0.05),
			"<Z>   0.0<0>%<H>   0.1<0>%"},
		{"pc human narrow", Printer{Dec: -1}.AppendPC(nil, true, 2, 2, 5), " 5.0%"},
	} {
		if string(tc.got) != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
