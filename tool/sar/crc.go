package sar

import "sync"

// crc32IEEE is CRC-32 with the IEEE polynomial (the value of hash/crc32's ChecksumIEEE, which
// the -o file's frames carry). It is computed here with a table built on first use because
// importing hash/crc32 builds its table at start-up, in every tool of the multicall binary,
// sar or not (about 20 µs and a page of heap). Reading a 24-hour recording (17 MB) with it
// costs a few tens of milliseconds.
func crc32IEEE(b []byte) uint32 {
	crcOnce.Do(makeCRCTable)
	c := ^uint32(0)
	for _, x := range b {
		c = crcTable[byte(c)^x] ^ c>>8
	}
	return ^c
}

var (
	crcOnce  sync.Once
	crcTable *[256]uint32
)

func makeCRCTable() {
	const poly = 0xedb88320 // IEEE, reversed
	t := new([256]uint32)
	for i := range t {
		c := uint32(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ poly
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	crcTable = t
}
