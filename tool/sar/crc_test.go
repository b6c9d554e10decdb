package sar

import (
	"hash/crc32"
	"testing"
)

func TestCRC32IEEE(t *testing.T) {
	for _, s := range []string{"", "a", "123456789", "sar -o file format\x00\xff", string(make([]byte, 5000))} {
		if got, want := crc32IEEE([]byte(s)), crc32.ChecksumIEEE([]byte(s)); got != want {
			t.Errorf("crc32IEEE(%q) = %#x, want %#x", s, got, want)
		}
	}
	if got := crc32IEEE([]byte("123456789")); got != 0xcbf43926 { // the standard check value
		t.Errorf("check value %#x", got)
	}
}

func FuzzCRC32IEEE(f *testing.F) {
	f.Add([]byte("123456789"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if crc32IEEE(b) != crc32.ChecksumIEEE(b) {
			t.Fatalf("differs from hash/crc32 for %q", b)
		}
	})
}
