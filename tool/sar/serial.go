package sar

import "strings"

// sar -y: TTY (serial line) statistics from /proc/tty/driver/serial as sysstat 12.6.1's
// read_tty_driver_serial reads it (docs/sar.md). The host kernel's global counters: container
// mode prints them as they are (no cgroup or namespace scopes a serial line), as -v does.

// Serial is one serial line's counters (32 bits, as sysstat keeps them).
type Serial struct {
	Line                                uint32
	RX, TX, Frame, Parity, Brk, Overrun uint32
}

// parseSerial reads every fgets piece (255 bytes) holding "tx:": the line number at its start
// and the counters after tx:, rx:, fe:, pe:, brk:, oe: (sscanf "%u"; a missing one is 0).
// The count is get_serial_nr's (the same pieces).
func parseSerial(b []byte) []Serial {
	out := []Serial{}
	u := func(s string) uint32 {
		x, _, ok := scanNum(s)
		if !ok {
			return 0
		}
		return uint32(x)
	}
	for _, line := range fgetsLines(b, 256) {
		if k := strings.IndexByte(line, 0); k >= 0 {
			line = line[:k]
		}
		i := strings.Index(line, "tx:")
		if i < 0 {
			continue
		}
		s := Serial{Line: u(line), TX: u(line[i+3:])}
		for _, f := range []struct {
			key string
			dst *uint32
		}{{"rx:", &s.RX}, {"fe:", &s.Frame}, {"pe:", &s.Parity}, {"brk:", &s.Brk}, {"oe:", &s.Overrun}} {
			if j := strings.Index(line, f.key); j >= 0 {
				*f.dst = u(line[j+len(f.key):])
			}
		}
		out = append(out, s)
		if len(out) >= maxSerial {
			break
		}
	}
	return out
}

// maxSerial is MAX_NR_SERIAL_LINES.
const maxSerial = 65536

var hdrSerial = []string{"TTY", "rcvin/s", "xmtin/s", "framerr/s", "prtyerr/s", "brk/s", "ovrun/s"}

// printSerial is print_serial_stats (also its Average: rows, prev being the first sample):
// a line is shown when the reference sample has it (found by number), and with -z when some
// counter moved.
func (d *display) printSerial(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	if len(curr.Serial) == 0 {
		return
	}
	p := &d.p
	if dish || d.o.zeroOmit {
		d.hdr(tsPrev, hdrSerial, 0)
	}
	for _, c := range curr.Serial {
		var q Serial
		found := d.sinceBoot
		if !found {
			for _, x := range prev.Serial {
				if x.Line == c.Line {
					q, found = x, true
					break
				}
			}
		}
		if !found || d.o.zeroOmit && q == c {
			continue
		}
		p.padLeft(tsCurr, 11)
		p.str(p.c.Item)
		p.str("       ")
		p.pad(itoa32(int32(c.Line)), 3)
		p.normal()
		v := func(m, n uint32) float64 { return sval(uint64(m), uint64(n), itv) }
		p.f(noUnit, 2, v(q.RX, c.RX), v(q.TX, c.TX), v(q.Frame, c.Frame), v(q.Parity, c.Parity),
			v(q.Brk, c.Brk), v(q.Overrun, c.Overrun))
		p.str("\n")
	}
}

func itoa32(x int32) string {
	neg := x < 0
	u := uint32(x)
	if neg {
		u = uint32(-int64(x))
	}
	var b [12]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// encodeSerial appends the -y data (after the -F data): the lines, seven values each.
func encodeSerial(e *enc, s *Sample) {
	e.u(uint64(len(s.Serial)))
	for _, x := range s.Serial {
		for _, v := range []uint32{x.Line, x.RX, x.TX, x.Frame, x.Parity, x.Brk, x.Overrun} {
			e.u(uint64(v))
		}
	}
}

func decodeSerial(d *dec, s *Sample) {
	n := d.count(7)
	s.Serial = make([]Serial, n)
	for i := range s.Serial {
		var v [7]uint32
		for k := range v {
			x := d.u()
			if x > 1<<32-1 {
				d.bad = true
			}
			v[k] = uint32(x)
		}
		s.Serial[i] = Serial{v[0], v[1], v[2], v[3], v[4], v[5], v[6]}
	}
}
