// Tests of the rc file (docs/top.md "The rc file"): our W and the real top's W write the same
// bytes for the same settings, and each top reads the other's file into the same frame.
package top_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/tmux"
)

// sameRC has our top write the rc file (W), then the real one, and compares the bytes.
func (p *pair) sameRC(step string) []byte {
	p.t.Helper()
	rc := filepath.Join(p.home, ".config", "procps", "toprc")
	os.Remove(rc)
	p.ours.Send("W")
	p.ours.WaitFor("Wrote configuration to")
	ours, err := os.ReadFile(rc)
	if err != nil {
		p.t.Fatalf("%s: our W: %v", step, err)
	}
	os.Remove(rc)
	p.real.Send("W")
	p.real.WaitFor("Wrote configuration to")
	real, err := os.ReadFile(rc)
	if err != nil {
		p.t.Fatalf("%s: real W: %v", step, err)
	}
	if !bytes.Equal(ours, real) {
		p.t.Errorf("%s: rc files differ\nours:\n%s\nreal:\n%s", step, ours, real)
	}
	return real
}

// writeRealRC drives the real top (in tmux, HOME=home) through keys, then W, and returns the
// file it wrote.
func writeRealRC(t *testing.T, home string, keys ...string) []byte {
	t.Helper()
	needTop(t)
	env := []string{"TERM=xterm", "HOME=" + home, "XDG_CONFIG_HOME=", "LC_ALL=C", "LANG=C", "COLUMNS=", "LINES=", "TZ=UTC"}
	s := tmux.Start(t, 200, 50, env, realTop)
	s.WaitFor("PID")
	for _, k := range keys {
		s.Send(k)
		time.Sleep(300 * time.Millisecond)
	}
	s.Send("W")
	s.WaitFor("Wrote configuration to")
	b, err := os.ReadFile(filepath.Join(home, ".config", "procps", "toprc"))
	if err != nil {
		t.Fatal(err)
	}
	s.Send("q")
	return b
}

// batchFrame runs a top -b -n 1 over pids with HOME=home and returns its output.
func batchFrame(t *testing.T, home string, cmd ...string) string {
	t.Helper()
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = []string{"HOME=" + home, "LC_ALL=C", "LANG=C", "TZ=UTC", "COLUMNS=", "LINES="}
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd, err, out)
	}
	return string(out)
}

// masked masks what moves between two readers: the summary's figures and the %CPU and
// TIME+ cells (by the header's columns).
func masked(frame string) []string {
	lines := strings.Split(frame, "\n")
	num := regexp.MustCompile(` *[0-9]+(\.[0-9]+)?`)
	var out []string
	hdr := -1
	var cols [][2]int
	for i, l := range lines {
		if strings.Contains(l, "PID") && hdr < 0 && i > 0 && !strings.HasPrefix(l, "%") {
			hdr = i
			for _, name := range []string{"%CPU", "TIME+", "TIME"} {
				if j := strings.Index(l, name); j >= 0 {
					st := j - 6
					if st < 0 {
						st = 0
					}
					cols = append(cols, [2]int{st, j + len(name)})
				}
			}
			out = append(out, l)
			continue
		}
		if hdr < 0 {
			l = regexp.MustCompile(`\[[^\]]*\]`).ReplaceAllString(l, "[]") // bars
			out = append(out, num.ReplaceAllString(l, "N"))
			continue
		}
		b := []byte(l)
		for _, c := range cols {
			for k := c[0]; k < c[1] && k < len(b); k++ {
				b[k] = '#'
			}
		}
		out = append(out, string(b))
	}
	return out
}

// TestToprcRealFiles: files the real top wrote after keys (sort field, fields, toggles,
// scales) make our batch frame the real top's with the same file, and our W writes the same
// bytes after reading them.
func TestToprcRealFiles(t *testing.T) {
	needTop(t)
	pids := joinPIDs(sleepers(t))
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"defaults", nil},
		{"sort and toggles", []string{"N", "R", "c", "S", "E", "e", "e", "1", "t", "m", "m"}},
		{"fields", []string{"f", "Down", "d", "Down", "Right", "Down", "Down", "Left", "s", "Down", "Down", "Space", "q", "M"}},
		{"idle, load, memory off; delay", []string{"i", "l", "m", "m", "m", "d", "1.5", "Enter", "n", "2", "Enter", "x", "y", "b", "z", "B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			want := writeRealRC(t, home, tc.keys...)
			real := batchFrame(t, home, realTop, "-b", "-n", "1", "-p", pids)
			ours := batchFrame(t, home, cgprocps, "top", "--host", "-b", "-n", "1", "-p", pids)
			if r, o := masked(real), masked(ours); strings.Join(r, "\n") != strings.Join(o, "\n") {
				t.Errorf("frames differ with the real top's file\nours:\n%s\nreal:\n%s\nfile:\n%s", ours, real, want)
			}
			// our W after reading the real file writes it back unchanged
			env := []string{"TERM=xterm", "HOME=" + home, "XDG_CONFIG_HOME=", "LC_ALL=C", "LANG=C", "COLUMNS=", "LINES=", "TZ=UTC"}
			rc := filepath.Join(home, ".config", "procps", "toprc")
			s := tmux.Start(t, 200, 50, env, cgprocps, "top", "--host")
			s.WaitFor("PID")
			os.Remove(rc)
			s.Send("W")
			s.WaitFor("Wrote configuration to")
			got, err := os.ReadFile(rc)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("our W after reading the real file: %v\nours:\n%s\nreal:\n%s", err, got, want)
			}
			s.Send("q")
		})
	}
}

// TestToprcBroken: a corrupt file stops both tops with the same message and status.
func TestToprcBroken(t *testing.T) {
	needTop(t)
	good := writeRealRC(t, t.TempDir())
	for _, tc := range []struct{ name, text string }{
		{"header", "top's Config File\nId:z, Mode_altscr=0\n"},
		{"window", strings.Replace(string(good), "sortindx=0,", "sortindx=999,", 1)},
		{"fields", strings.Replace(string(good), "  75 ", "  81 ", 1)},
		{"colours", strings.Replace(string(good), "taskclr=3", "taskclr=300", 1)},
		{"old version", strings.Replace(string(good), "Id:k", "Id:c", 1)},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			os.MkdirAll(filepath.Join(home, ".config", "procps"), 0o700)
			rc := filepath.Join(home, ".config", "procps", "toprc")
			os.WriteFile(rc, []byte(tc.text), 0o644)
			run := func(cmd ...string) (string, int) {
				c := exec.Command(cmd[0], cmd[1:]...)
				c.Env = []string{"HOME=" + home, "LC_ALL=C", "LANG=C"}
				out, err := c.CombinedOutput()
				code := 0
				if e, ok := err.(*exec.ExitError); ok {
					code = e.ExitCode()
				}
				return string(out), code
			}
			ro, rc1 := run(realTop, "-b", "-n", "1", "-p", "1")
			oo, oc := run(cgprocps, "top", "--host", "-b", "-n", "1", "-p", "1")
			if rc1 != oc || rc1 != 0 && ro != oo {
				t.Errorf("real (%d):\n%s\nours (%d):\n%s", rc1, ro, oc, oo)
			}
		})
	}
}

// TestToprcOlderFormat: a file in the former (Id:j) format is converted by both tops; both
// then write the same current-format file (the real top asks first; y).
func TestToprcOlderFormat(t *testing.T) {
	needTop(t)
	j, err := os.ReadFile("../../tool/top/testdata/toprc-j")
	if err != nil {
		t.Fatal(err)
	}
	var files [2][]byte
	for i, argv := range [][]string{{realTop}, {cgprocps, "top", "--host"}} {
		home := t.TempDir()
		rc := filepath.Join(home, ".config", "procps", "toprc")
		os.MkdirAll(filepath.Dir(rc), 0o700)
		os.WriteFile(rc, j, 0o644)
		env := []string{"TERM=xterm", "HOME=" + home, "XDG_CONFIG_HOME=", "LC_ALL=C", "LANG=C", "COLUMNS=", "LINES=", "TZ=UTC"}
		s := tmux.Start(t, 200, 50, env, argv...)
		s.WaitFor("PID")
		s.Send("W")
		if i == 0 {
			s.WaitFor("saving prevents older top from reading, save anyway?")
			s.Send("y")
		}
		s.WaitFor("Wrote configuration to")
		files[i], _ = os.ReadFile(rc)
		s.Send("q")
	}
	if !bytes.Equal(files[0], files[1]) || !bytes.HasPrefix(files[0], []byte("top's Config File (Linux processes with windows)\nId:k,")) {
		t.Errorf("ours:\n%s\nreal:\n%s", files[1], files[0])
	}
}
