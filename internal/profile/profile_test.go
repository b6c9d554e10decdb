package profile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/internal/machine"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		text string
		want Profile
	}{
		{"", Default},
		{"debian13", Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}},
		{"procps=4.0.4,sysstat=12.7,coreutils=9.7", Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}},
		{"procps=3.3", Profile{Procps: Procps3_3_17}},
		{"debian11, procps=4.0.2", Profile{Procps4_0_2, Sysstat12_5, Coreutils8_32}},
		{"# comment\nprocps=4.0.4 # trailing\nsysstat=12.5.2\n", Profile{Procps: Procps4_0_4, Sysstat: Sysstat12_5}},
		{"UBUNTU24.04", Profile{Procps4_0_4, Sysstat12_6, Coreutils9_1}},
		{"rhel9", Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}},
	} {
		got, err := Parse(c.text)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.text, got, err, c.want)
		}
	}
	for _, bad := range []string{"debian10", "procps=4.0.3", "procps=4", "top=4.0.2", "procps"} {
		if p, err := Parse(bad); err == nil || p != Default {
			t.Errorf("Parse(%q) = %v, %v; want an error and the default", bad, p, err)
		}
	}
	// String round-trips through Parse.
	for _, d := range Distros {
		if p, err := Parse(d.Profile.String()); err != nil || p != d.Profile {
			t.Errorf("Parse(%q) = %v, %v", d.Profile.String(), p, err)
		}
	}
	if s := (Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}).String(); s != "procps=4.0.4,sysstat=12.7.5,coreutils=9.7" {
		t.Errorf("String: %q", s)
	}
	if s := Procps3_3_17.Original(); s != "procps-ng 3.3.17" {
		t.Errorf("Original: %q", s)
	}
}

// TestSelect: the environment beats the config file, the file beats the default; a
// malformed value gives exactly one warning and the default profile.
func TestSelect(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "profile")
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	sel := func() (Selection, string) {
		var w bytes.Buffer
		s := Select(getenv, os.ReadFile, file, &w)
		return s, w.String()
	}

	if s, w := sel(); s.Profile != Default || s.Source != "default" || w != "" {
		t.Errorf("no env, no file: %+v, warned %q", s, w)
	}
	// machine.Host.ReadFile (what Current reads with) on a missing file: no warning either.
	var w0 bytes.Buffer
	if s := Select(getenv, machine.Host.ReadFile, file, &w0); s.Source != "default" || w0.Len() != 0 {
		t.Errorf("machine.Host.ReadFile, no file: %+v, warned %q", s, w0.String())
	}
	os.WriteFile(file, []byte("# written by --install\nprocps=3.3.17,sysstat=12.5.2,coreutils=8.32\n"), 0o644)
	if s, w := sel(); s.Profile != (Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}) || s.Source != file || w != "" {
		t.Errorf("file: %+v, warned %q", s, w)
	}
	env[EnvVar] = "debian13"
	if s, w := sel(); s.Profile != (Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}) || s.Source != EnvVar || w != "" {
		t.Errorf("env over file: %+v, warned %q", s, w)
	}
	env[EnvVar] = "procps=9"
	if s, w := sel(); s.Profile != Default || s.Source != "default" || strings.Count(w, "\n") != 1 ||
		!strings.HasPrefix(w, "cgprocps: CGPROCPS_PROFILE: no procps profile '9'") {
		t.Errorf("malformed env: %+v, warned %q", s, w)
	}
	delete(env, EnvVar)
	os.WriteFile(file, []byte("procps=4.0.4\nsomething odd\n"), 0o644)
	if s, w := sel(); s.Profile != Default || s.Source != "default" ||
		w != "cgprocps: "+file+": unknown profile 'something'; using the default profile\n" {
		t.Errorf("malformed file: %+v, warned %q", s, w)
	}
	// An unreadable file (not a missing one) warns too.
	readErr := func(string) ([]byte, error) { return nil, syscall.EACCES }
	var w bytes.Buffer
	if s := Select(getenv, readErr, file, &w); s.Profile != Default || w.String() != "cgprocps: "+file+": permission denied; using the default profile\n" {
		t.Errorf("unreadable file: %+v, warned %q", s, w.String())
	}
}

const status = `Package: coreutils
Essential: yes
Status: install ok installed
Priority: required
Version: 8.32-4+b1
Description: GNU core utilities
 This package contains the basic file, shell and text manipulation
 Version: 99

Package: procps
Status: install ok installed
Version: 2:3.3.17-5

Package: sysstat
Status: deinstall ok config-files
Version: 12.6.1-1
`

func writeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		f := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDetect(t *testing.T) {
	// dpkg records procps and coreutils; sysstat only as removed: it comes from os-release.
	root := writeRoot(t, map[string]string{
		"var/lib/dpkg/status": status,
		"etc/os-release":      "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n",
	})
	p, how := Detect(root)
	if want := (Profile{Procps3_3_17, Sysstat12_7, Coreutils8_32}); p != want {
		t.Errorf("Detect = %v (%s); want %v", p, how, want)
	}
	if how != "dpkg: procps 2:3.3.17-5, coreutils 8.32-4+b1; the rest from /etc/os-release: debian13" {
		t.Errorf("how: %q", how)
	}
	for _, c := range []struct {
		files map[string]string
		want  Profile
	}{
		{map[string]string{"var/lib/dpkg/status": "Package: procps\nStatus: install ok installed\nVersion: 2:4.0.4-9\n\n" +
			"Package: sysstat\nStatus: install ok installed\nVersion: 12.7.5-2\n\nPackage: coreutils\nStatus: install ok installed\nVersion: 9.7-3\n"},
			Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}},
		{map[string]string{"var/lib/dpkg/status": "Package: procps\nStatus: install ok installed\nVersion: 2:4.0.2-3\n"}, Default},
		{map[string]string{"etc/os-release": "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n"},
			Profile{Procps3_3_17, Sysstat12_5, Coreutils8_32}},
		{map[string]string{"etc/os-release": "ID=ubuntu\nVERSION_ID=\"24.04\"\n"}, Profile{Procps4_0_4, Sysstat12_6, Coreutils9_1}},
		{map[string]string{"etc/os-release": "ID=alpine\nVERSION_ID=3.20.0\n"}, Default},
		{map[string]string{}, Default},
	} {
		if p, how := Detect(writeRoot(t, c.files)); p != c.want {
			t.Errorf("Detect(%v) = %v (%s); want %v", c.files, p, how, c.want)
		}
	}
}

func TestVersionMapping(t *testing.T) {
	for v, want := range map[string]Procps{"2:3.3.17-5": Procps3_3_17, "2:3.3.16-1ubuntu2": Procps3_3_17, "2:4.0.2-3": Procps4_0_2,
		"4.0.3": Procps4_0_2, "2:4.0.4-9": Procps4_0_4, "2:4.0.4-4ubuntu3.2": Procps4_0_4, "4.0.5": Procps4_0_4} {
		if got := procpsFor(v); got != want {
			t.Errorf("procpsFor(%q) = %v; want %v", v, got, want)
		}
	}
	for v, want := range map[string]Sysstat{"12.5.2-2": Sysstat12_5, "12.6.1-1": Sysstat12_6, "12.7.5-2": Sysstat12_7} {
		if got := sysstatFor(v); got != want {
			t.Errorf("sysstatFor(%q) = %v; want %v", v, got, want)
		}
	}
	for v, want := range map[string]Coreutils{"8.32-4+b1": Coreutils8_32, "9.1-1": Coreutils9_1, "9.4-3ubuntu6": Coreutils9_1, "9.7-3": Coreutils9_7} {
		if got := coreutilsFor(v); got != want {
			t.Errorf("coreutilsFor(%q) = %v; want %v", v, got, want)
		}
	}
}

func TestConfigText(t *testing.T) {
	p := Profile{Procps4_0_4, Sysstat12_7, Coreutils9_7}
	text := ConfigText(p, "dpkg: procps 2:4.0.4-9")
	if got, err := Parse(text); err != nil || got != p {
		t.Errorf("Parse(ConfigText) = %v, %v\n%s", got, err, text)
	}
}
