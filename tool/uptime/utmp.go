package uptime

import (
	"encoding/binary"
	"os"
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/profile"
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

// Where systemd keeps its state: SystemdRunning is a folder while systemd is the init system
// (sd_booted), SessionsDir holds a file per logind session (sd_get_sessions).
var (
	SystemdRunning = "/run/systemd/system/"
	SessionsDir    = "/run/systemd/sessions"
)

// countUsersFor counts the users as release ver does. Debian 13's 4.0.4 (built with
// systemd, with 4.0.5's fixes) asks logind when systemd runs and has sessions: those of
// SessionsDir whose CLASS starts with "user" (sd_get_sessions lists the folder's regular
// files, not hidden nor backups; sd_session_get_class reads CLASS=). Otherwise, and for
// 3.3.17 and 4.0.2, the utmp records.
func countUsersFor(ver profile.Procps) int {
	if ver == profile.Procps4_0_4 {
		var st syscall.Stat_t
		if machine.Host.Stat(SystemdRunning, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
			if n, ok := countSessions(SessionsDir); ok {
				return n
			}
		}
	}
	return countUsers(UtmpFile)
}

// countSessions counts dir's user sessions; ok is false when it lists no session.
func countSessions(dir string) (n int, ok bool) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return 0, false
	}
	for _, de := range des {
		name := de.Name()
		if t := de.Type(); t != 0 && t != os.ModeSymlink || strings.HasPrefix(name, ".") || backupName(name) {
			continue
		}
		ok = true
		b, err := machine.Host.ReadFile(dir + "/" + name)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if class, found := strings.CutPrefix(line, "CLASS="); found {
				if strings.HasPrefix(class, "user") {
					n++
				}
				break
			}
		}
	}
	return n, ok
}

// backupName is systemd's test of a backup file name (a "~" suffix, package managers'
// leftovers).
func backupName(name string) bool {
	if strings.HasSuffix(name, "~") {
		return true
	}
	for _, suf := range []string{".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-tmp",
		".dpkg-dist", ".dpkg-bak", ".dpkg-backup", ".dpkg-remove", ".ucf-new", ".ucf-old", ".ucf-dist", ".swp", ".bak", ".old", ".new"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}
