package uptime

import (
	"encoding/binary"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// UtmpFile is glibc's default utmp file (_PATH_UTMP), read on the real host path: the login
// records of the machine the command runs on, not a fixture's.
const UtmpFile = "/var/run/utmp"

// struct utmp of glibc on x86-64 and arm64 (and every 64-bit glibc port that keeps 32-bit
// ut_tv for compatibility): 384 bytes, ut_type (short) at 0, ut_user[32] at 44.
const (
	utmpSize     = 384
	utmpUserOff  = 44
	userProcess  = 7 // USER_PROCESS
	utmpUserSize = 32
)

// CountUsers counts the records of a utmp file's contents as procps does: ut_type ==
// USER_PROCESS and a non-empty ut_user. A partial record at the end is ignored, as getutent
// ignores it.
func CountUsers(b []byte) int {
	n := 0
	for ; len(b) >= utmpSize; b = b[utmpSize:] {
		typ := int16(binary.NativeEndian.Uint16(b[0:2]))
		if typ == userProcess && b[utmpUserOff] != 0 {
			n++
		}
	}
	return n
}

// countUsers reads the utmp file; a missing or unreadable file counts no users.
func countUsers(path string) int {
	b, err := machine.Host.ReadFile(path) // the machine's logins, not a capture's
	if err != nil {
		return 0
	}
	return CountUsers(b)
}
