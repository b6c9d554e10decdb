package sar

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// The -o/-f file format (docs/sar.md): a 16-byte magic, then frames. A frame is a 4-byte
// little-endian payload length, a 4-byte CRC-32 (IEEE) of the payload, and the payload,
// written with one write(2) each, so a killed writer leaves at most one partial frame at
// the end, which the reader drops with a warning. The first payload is the Header ('H'),
// every later one a Sample ('S'); a later 'H' (a new run appended to the file) is skipped.
// Numbers are unsigned varints, strings a varint length and the bytes.

const fileMagic = "cgprocps-sar\x00v1\n"

// maxFrame bounds one payload (a sample with thousands of disks and interfaces fits).
const maxFrame = 16 << 20

var errNotSarFile = errors.New("not a cgprocps sar file")

type enc struct{ b []byte }

func (e *enc) u(x uint64) { e.b = binary.AppendUvarint(e.b, x) }
func (e *enc) i(x int64)  { e.b = binary.AppendVarint(e.b, x) }
func (e *enc) s(x string) { e.u(uint64(len(x))); e.b = append(e.b, x...) }

type dec struct {
	b   []byte
	bad bool
}

func (d *dec) u() uint64 {
	if d.bad {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) i() int64 {
	if d.bad {
		return 0
	}
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) s() string {
	n := d.u()
	if d.bad || n > uint64(len(d.b)) {
		d.bad = true
		return ""
	}
	x := string(d.b[:n])
	d.b = d.b[n:]
	return x
}

// count reads a list length, refusing one the remaining bytes cannot hold (each element
// takes at least min bytes).
func (d *dec) count(min int) int {
	n := d.u()
	if d.bad || n > uint64(len(d.b)/min) {
		d.bad = true
		return 0
	}
	return int(n)
}

func encodeHeader(h *Header) []byte {
	e := enc{b: []byte{'H'}}
	e.s(h.Sysname)
	e.s(h.Release)
	e.s(h.Nodename)
	e.s(h.Machine)
	e.u(uint64(h.NCPU))
	e.i(h.Time)
	return e.b
}

func decodeHeader(b []byte) (*Header, bool) {
	if len(b) == 0 || b[0] != 'H' {
		return nil, false
	}
	d := dec{b: b[1:]}
	h := &Header{Sysname: d.s(), Release: d.s(), Nodename: d.s(), Machine: d.s()}
	n := d.u()
	h.Time = d.i()
	if d.bad || n > maxCPUs {
		return nil, false
	}
	h.NCPU = int(n)
	return h, true
}

func (s *Sample) scalars() []*uint64 {
	return []*uint64{&s.Uptime, &s.Processes, &s.Ctxt, &s.PswpIn, &s.PswpOut,
		&s.PgpgIn, &s.PgpgOut, &s.Fault, &s.MajFault, &s.PgFree, &s.ScanK, &s.ScanD, &s.Steal,
		&s.IO, &s.RIO, &s.WIO, &s.DIO, &s.RBlk, &s.WBlk, &s.DBlk,
		&s.MemFree, &s.Avail, &s.MemTotal, &s.Buffers, &s.Cached, &s.Commit, &s.Active, &s.Inact, &s.Dirty,
		&s.AnonPages, &s.Slab, &s.KStack, &s.PageTables, &s.VmallocUsed,
		&s.SwapFree, &s.SwapTotal, &s.SwapCached,
		&s.RunQ, &s.PList, &s.Load1, &s.Load5, &s.Load15, &s.Blocked}
}

func (c *CPUStat) fields() []*uint64 {
	return []*uint64{&c.User, &c.Nice, &c.Sys, &c.Idle, &c.IOWait, &c.IRQ, &c.Soft, &c.Steal, &c.Guest, &c.GuestNice}
}

func (x *Disk) fields() []*uint64 {
	return []*uint64{&x.IOs, &x.RdSect, &x.WrSect, &x.DcSect, &x.RdTicks, &x.WrTicks, &x.DcTicks, &x.TotTicks, &x.RqTicks}
}

func (n *NetDev) fields() []*uint64 {
	return []*uint64{&n.RxBytes, &n.RxPackets, &n.RxCompressed, &n.Multicast, &n.TxBytes, &n.TxPackets, &n.TxCompressed,
		&n.RxErrors, &n.RxDropped, &n.RxFIFO, &n.RxFrame, &n.TxErrors, &n.TxDropped, &n.TxFIFO, &n.Collisions,
		&n.TxCarrier, &n.Speed}
}

func encodeSample(s *Sample, buf []byte) []byte {
	e := enc{b: append(buf[:0], 'S')}
	e.i(s.Time)
	for _, p := range s.scalars() {
		e.u(*p)
	}
	e.u(uint64(len(s.CPU)))
	for i := range s.CPU {
		for _, p := range s.CPU[i].fields() {
			e.u(*p)
		}
	}
	e.u(uint64(len(s.Disks)))
	for i := range s.Disks {
		x := &s.Disks[i]
		e.u(uint64(x.Major))
		e.u(uint64(x.Minor))
		e.s(x.Name)
		for _, p := range x.fields() {
			e.u(*p)
		}
	}
	e.u(uint64(len(s.Net)))
	for i := range s.Net {
		n := &s.Net[i]
		e.s(n.Name)
		e.u(uint64(n.Duplex))
		for _, p := range n.fields() {
			e.u(*p)
		}
	}
	if s.Snmp != nil {
		// Added after v1's first layout: a counted list of the -n SOCK … UDP6 counters. A
		// sample without it (an older file) decodes with Snmp nil.
		e.u(uint64(len(s.Snmp)))
		for _, x := range s.Snmp {
			e.u(x)
		}
		if s.IRQ != nil || s.Soft != nil || s.FS != nil || s.Serial != nil {
			encodeIRQSoft(&e, s)
		}
		if s.FS != nil || s.Serial != nil {
			encodeFS(&e, s)
		}
		if s.Serial != nil {
			encodeSerial(&e, s)
		}
	}
	return e.b
}

func decodeSample(b []byte) (*Sample, bool) {
	if len(b) == 0 || b[0] != 'S' {
		return nil, false
	}
	d := dec{b: b[1:]}
	s := &Sample{Time: d.i()}
	for _, p := range s.scalars() {
		*p = d.u()
	}
	if n := d.count(10); n > 0 {
		s.CPU = make([]CPUStat, n)
		for i := range s.CPU {
			for _, p := range s.CPU[i].fields() {
				*p = d.u()
			}
		}
	}
	if n := d.count(12); n > 0 {
		s.Disks = make([]Disk, n)
		for i := range s.Disks {
			x := &s.Disks[i]
			maj, min := d.u(), d.u()
			if maj > 1<<32-1 || min > 1<<32-1 {
				d.bad = true
			}
			x.Major, x.Minor = uint32(maj), uint32(min)
			x.Name = d.s()
			for _, p := range x.fields() {
				*p = d.u()
			}
		}
	}
	if n := d.count(19); n > 0 {
		s.Net = make([]NetDev, n)
		for i := range s.Net {
			x := &s.Net[i]
			x.Name = d.s()
			dup := d.u()
			if dup > 2 {
				d.bad = true
			}
			x.Duplex = uint8(dup)
			for _, p := range x.fields() {
				*p = d.u()
			}
		}
	}
	if len(d.b) != 0 && !d.bad {
		// The -n SOCK … UDP6 counters; a longer list (a later cgprocps) keeps the ones known.
		n := d.count(1)
		s.Snmp = make([]uint64, max(n, nSnmp))
		for i := 0; i < n; i++ {
			s.Snmp[i] = d.u()
		}
		s.Snmp = s.Snmp[:nSnmp]
		if len(d.b) != 0 && !d.bad {
			decodeIRQSoft(&d, s)
		}
		if len(d.b) != 0 && !d.bad {
			// The -F data, added after the -I/SOFT data; an -I/SOFT part written only to
			// reach it (nothing read) stands for none.
			if len(s.IRQ) == 0 {
				s.IRQ = nil
			}
			if len(s.Soft) == 0 {
				s.Soft = nil
			}
			decodeFS(&d, s)
		}
		if len(d.b) != 0 && !d.bad {
			// The -y data, added after the -F data; an -F part written only to reach it
			// stands for none.
			if s.FSCount == 0 && len(s.FS) == 0 {
				s.FS = nil
			}
			decodeSerial(&d, s)
		}
	}
	if d.bad || len(d.b) != 0 {
		return nil, false
	}
	return s, true
}

// frame wraps a payload: length, CRC-32, payload.
func frame(payload []byte) []byte {
	out := make([]byte, 8, 8+len(payload))
	binary.LittleEndian.PutUint32(out, uint32(len(payload)))
	binary.LittleEndian.PutUint32(out[4:], crc32IEEE(payload))
	return append(out, payload...)
}

// recorder appends frames to an -o file.
type recorder struct {
	f   *os.File
	buf []byte
}

// openRecorder opens (creating, or appending to a cgprocps sar file) path and writes the
// header frame.
func openRecorder(path string, h *Header) (*recorder, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.Size() == 0 {
		if _, err := f.Write([]byte(fileMagic)); err != nil {
			f.Close()
			return nil, err
		}
	} else {
		magic := make([]byte, len(fileMagic))
		if _, err := f.ReadAt(magic, 0); err != nil || string(magic) != fileMagic {
			f.Close()
			return nil, errNotSarFile
		}
	}
	r := &recorder{f: f}
	if err := r.write(encodeHeader(h)); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func (r *recorder) write(payload []byte) error {
	_, err := r.f.Write(frame(payload)) // one write(2): O_APPEND, whole frame
	return err
}

func (r *recorder) add(s *Sample) error {
	r.buf = encodeSample(s, r.buf)
	return r.write(r.buf)
}

func (r *recorder) close() error { return r.f.Close() }

// history is a decoded file: its first header and the samples in order.
type history struct {
	hdr     *Header
	samples []*Sample
	// partial is set when the file ends inside a frame (a writer killed mid-write);
	// corrupt when a whole frame failed its checksum or did not decode (reading stops there).
	partial, corrupt bool
}

// parseHistory decodes a whole file.
func parseHistory(b []byte) (*history, error) {
	if len(b) < len(fileMagic) || string(b[:len(fileMagic)]) != fileMagic {
		return nil, errNotSarFile
	}
	h := &history{}
	b = b[len(fileMagic):]
	for len(b) > 0 {
		if len(b) < 8 {
			h.partial = true
			break
		}
		n := binary.LittleEndian.Uint32(b)
		sum := binary.LittleEndian.Uint32(b[4:])
		if n > maxFrame {
			h.corrupt = true
			break
		}
		if uint64(len(b)-8) < uint64(n) {
			h.partial = true
			break
		}
		payload := b[8 : 8+n]
		b = b[8+n:]
		if crc32IEEE(payload) != sum {
			h.corrupt = true
			break
		}
		if len(payload) > 0 && payload[0] == 'H' {
			hd, ok := decodeHeader(payload)
			if !ok {
				h.corrupt = true
				break
			}
			if h.hdr == nil {
				h.hdr = hd
			}
			continue
		}
		s, ok := decodeSample(payload)
		if !ok || h.hdr == nil {
			h.corrupt = true
			break
		}
		h.samples = append(h.samples, s)
	}
	if h.hdr == nil {
		return nil, errNotSarFile
	}
	return h, nil
}

// readHistory reads the file at path (at most maxHistory bytes).
func readHistory(path string) (*history, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHistory))
	if err != nil {
		return nil, err
	}
	return parseHistory(b)
}

const maxHistory = 4 << 30
