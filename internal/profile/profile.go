// Package profile holds the version profiles (issue 16): which release of each original tool
// family the suite reproduces. A Profile names one version per family (procps-ng for free,
// uptime, top and vmstat; sysstat for iostat and sar; coreutils for df); a tool takes the
// profile in force as an argument and prints what its family's selected version prints.
//
// Selection, first that is set: the environment variable CGPROCPS_PROFILE; the config file
// /etc/cgprocps/profile (written once by `cgprocps --install`, from the image's package
// records, see Detect); the default, Debian 12's releases. Both take the same text (Parse):
// "procps=4.0.4,sysstat=12.7,coreutils=9.7", a distribution shorthand such as "debian13", or
// both ("debian11,procps=4.0.2"); in the file, newlines separate as commas do and '#' starts
// a comment.
package profile

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// Procps is a procps-ng release.
type Procps uint8

// The procps-ng releases profiles reproduce.
const (
	Procps4_0_2  Procps = iota // Debian 12 (the default)
	Procps3_3_17               // Debian 11, Ubuntu 22.04, RHEL 9
	Procps4_0_4                // Debian 13, Ubuntu 24.04
)

// Sysstat is a sysstat release.
type Sysstat uint8

// The sysstat releases profiles reproduce (12.5 is Debian 11's 12.5.2).
const (
	Sysstat12_6 Sysstat = iota // 12.6.1, Debian 12 and Ubuntu 24.04 (the default)
	Sysstat12_5                // 12.5.2, Debian 11 and Ubuntu 22.04 (RHEL 9: 12.5.4)
	Sysstat12_7                // 12.7.5, Debian 13
)

// Coreutils is a GNU coreutils release.
type Coreutils uint8

// The coreutils releases profiles reproduce.
const (
	Coreutils9_1  Coreutils = iota // Debian 12 (the default; Ubuntu 24.04's 9.4 maps here)
	Coreutils8_32                  // Debian 11, Ubuntu 22.04, RHEL 9
	Coreutils9_7                   // Debian 13
)

var (
	procpsNames    = [...]string{"4.0.2", "3.3.17", "4.0.4"}
	sysstatNames   = [...]string{"12.6.1", "12.5.2", "12.7.5"}
	coreutilsNames = [...]string{"9.1", "8.32", "9.7"}
)

func (v Procps) String() string    { return procpsNames[v] }
func (v Sysstat) String() string   { return sysstatNames[v] }
func (v Coreutils) String() string { return coreutilsNames[v] }

// Original is the release as the -V lines name it: "procps-ng 4.0.2".
func (v Procps) Original() string { return "procps-ng " + v.String() }

// Original is the release as the -V lines name it: "sysstat 12.6.1".
func (v Sysstat) Original() string { return "sysstat " + v.String() }

// Original is the release as the -V lines name it: "GNU coreutils 9.1".
func (v Coreutils) Original() string { return "GNU coreutils " + v.String() }

// Profile is one release per family. The zero value is the default (Debian 12).
type Profile struct {
	Procps    Procps
	Sysstat   Sysstat
	Coreutils Coreutils
}

// Default is Debian 12's releases: procps-ng 4.0.2, sysstat 12.6.1, coreutils 9.1.
var Default = Profile{}

// String is the profile in the syntax Parse reads: "procps=4.0.2,sysstat=12.6.1,coreutils=9.1".
func (p Profile) String() string {
	return "procps=" + p.Procps.String() + ",sysstat=" + p.Sysstat.String() + ",coreutils=" + p.Coreutils.String()
}

// Distros maps the shorthands to their profiles (the table of docs/profiles.md).
var Distros = []struct {
	Name    string
	Profile Profile
}{
	{"debian11", Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}},
	{"debian12", Profile{Procps4_0_2, Sysstat12_6, Coreutils9_1}},
	{"debian13", Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}},
	{"ubuntu22.04", Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}},
	{"ubuntu24.04", Profile{Procps4_0_4, Sysstat12_6, Coreutils9_1}},
	{"rhel9", Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}},
}

// Distro returns the profile of a shorthand ("debian13").
func Distro(name string) (Profile, bool) {
	for _, d := range Distros {
		if d.Name == name {
			return d.Profile, true
		}
	}
	return Profile{}, false
}

// Parse reads a profile text: items separated by commas, blanks or newlines, each a
// distribution shorthand or FAMILY=VERSION (VERSION as upstream numbers it, exactly or by its
// first two numbers: 4.0.4, 12.7, 12.7.5, 9.7); '#' starts a comment to the end of the line.
// Later items override earlier ones; families not named keep the default's release. An empty
// text is the default profile.
func Parse(text string) (Profile, error) {
	var p Profile
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, item := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			fam, ver, ok := strings.Cut(item, "=")
			if !ok {
				d, ok := Distro(strings.ToLower(item))
				if !ok {
					return Default, errors.New("unknown profile '" + item + "'")
				}
				p = d
				continue
			}
			if err := p.set(strings.ToLower(fam), ver); err != nil {
				return Default, err
			}
		}
	}
	return p, nil
}

// set sets family fam to the release ver names.
func (p *Profile) set(fam, ver string) error {
	var names []string
	switch fam {
	case "procps", "procps-ng":
		names = procpsNames[:]
	case "sysstat":
		names = sysstatNames[:]
	case "coreutils":
		names = coreutilsNames[:]
	default:
		return errors.New("unknown tool family '" + fam + "' (procps, sysstat or coreutils)")
	}
	for i, n := range names {
		if ver == n || majorMinor(n) == ver {
			switch fam {
			case "sysstat":
				p.Sysstat = Sysstat(i)
			case "coreutils":
				p.Coreutils = Coreutils(i)
			default:
				p.Procps = Procps(i)
			}
			return nil
		}
	}
	return errors.New("no " + fam + " profile '" + ver + "' (" + strings.Join(names, ", ") + ")")
}

// majorMinor is "4.0" of "4.0.4", "9.7" of "9.7".
func majorMinor(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		if j := strings.IndexByte(v[i+1:], '.'); j >= 0 {
			return v[:i+1+j]
		}
	}
	return v
}

// EnvVar names the environment variable that selects a profile.
const EnvVar = "CGPROCPS_PROFILE"

// ConfigFile is where `cgprocps --install` and the packages record the profile.
const ConfigFile = "/etc/cgprocps/profile"

// Selection is a profile and where it came from.
type Selection struct {
	Profile
	Source string // "CGPROCPS_PROFILE", ConfigFile or "default"
}

// Select picks the profile in force: getenv(EnvVar) when set and not empty, else the file
// at path (ConfigFile in the tools) when it exists, else Default. A malformed value or file
// gives one warning on warn ("cgprocps: ...; using the default profile") and Default.
// readFile is os.ReadFile in the tools.
func Select(getenv func(string) string, readFile func(string) ([]byte, error), path string, warn io.Writer) Selection {
	if v := getenv(EnvVar); v != "" {
		p, err := Parse(v)
		if err != nil {
			io.WriteString(warn, "cgprocps: "+EnvVar+": "+err.Error()+"; using the default profile\n")
			return Selection{Default, "default"}
		}
		return Selection{p, EnvVar}
	}
	b, err := readFile(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			io.WriteString(warn, "cgprocps: "+path+": "+err.Error()+"; using the default profile\n")
		}
		return Selection{Default, "default"}
	}
	p, err := Parse(string(b))
	if err != nil {
		io.WriteString(warn, "cgprocps: "+path+": "+err.Error()+"; using the default profile\n")
		return Selection{Default, "default"}
	}
	return Selection{p, path}
}

// Current is Select for a tool run: the process's environment and ConfigFile, read with
// the reader internal/machine (no runtime poller: a few microseconds, docs/decisions.md).
func Current(warn io.Writer) Selection {
	return Select(os.Getenv, machine.Host.ReadFile, ConfigFile, warn)
}
