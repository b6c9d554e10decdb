package top

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// testdata/toprc-default is what the real top 4.0.2 (Debian) wrote with no rc file;
// testdata/toprc-j is the same settings in the former (Id:j) format.
func TestRcDefaultBytes(t *testing.T) {
	want, err := os.ReadFile("testdata/toprc-default")
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.Finish()
	if got := DefaultRC().Text("top", s); got != string(want) {
		t.Errorf("default rc:\n%s\nwant:\n%s", got, want)
	}
	for _, name := range []string{"testdata/toprc-default", "testdata/toprc-j"} {
		b, _ := os.ReadFile(name)
		r, err := ParseRC(b, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s := DefaultSettings()
		r.Apply(s)
		s.Finish()
		if got := r.Text("top", s); got != string(want) {
			t.Errorf("%s read and written:\n%s", name, got)
		}
		if d := DefaultSettings(); s.SortField != d.SortField || !s.SortHigh || len(s.Fields) != len(d.Fields) || s.Fields[11] != fCMD {
			t.Errorf("%s: %+v", name, s)
		}
	}
}

func TestRcApply(t *testing.T) {
	b, _ := os.ReadFile("testdata/toprc-default")
	text := strings.Replace(string(b), "Curwin=0", "Curwin=2", 1)       // the Mem window: sorted by %MEM
	text = strings.Replace(text, "Delay_time=3.0", "Delay_time=1.5", 1) // 1.005 s: top's reading
	text = strings.Replace(text, "Task_mscale=0", "Task_mscale=2", 1)
	r, err := ParseRC([]byte(text), "x")
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	r.Apply(s)
	if s.SortField != fMEM || s.Delay != 1.005 || s.TaskScale != 2 || s.Fields[0] != fPID || s.Fields[1] != fMEM || !s.fieldShown(fVIRT) || s.fieldShown(fUSER) {
		t.Errorf("Mem window: %+v", s)
	}
	// flags: R off, c on, x on, z on, i off
	text = strings.Replace(string(b), "winflags=193844, sortindx=18", "winflags=196496, sortindx=0", 1)
	r, _ = ParseRC([]byte(text), "x")
	s = DefaultSettings()
	r.Apply(s)
	if s.SortHigh || !s.Cmdline || !s.HiCols || !s.Color || s.ShowIdle || s.SortField != fPID {
		t.Errorf("winflags 196496: %+v", s)
	}
	// a missing last line and missing graph fields are tolerated; out-of-range globals reset
	text = strings.Replace(string(b), "Fixed_widest=0, Summ_mscale=1", "Fixed_widest=-5, Summ_mscale=9", 1)
	text = strings.Replace(text, "maxtasks=0, graph_cpus=0, graph_mems=0, double_up=0, combine_cpus=0, core_types=0\n\tsummclr=6", "maxtasks=7\n\tsummclr=6", 1)
	text += "\n# Inspect\npipe\tOpen Files\tlsof -P -p %d 2>&1\n"
	r, err = ParseRC([]byte(text), "x")
	if err != nil || r.FixedWidest != 0 || r.SummMscale != 0 || r.Win[1].MaxTasks != 7 || r.Tail != "# Inspect\npipe\tOpen Files\tlsof -P -p %d 2>&1\n" || !strings.HasSuffix(r.Tail, "lsof -P -p %d 2>&1\n") {
		t.Errorf("%v %+v", err, r)
	}
	if out := r.Text("top", DefaultSettings()); !strings.HasSuffix(out, "Tics_scaled=0\n\n# Inspect\npipe\tOpen Files\tlsof -P -p %d 2>&1\n") {
		t.Errorf("tail not kept:\n%s", out)
	}
}

func TestRcBroken(t *testing.T) {
	b, _ := os.ReadFile("testdata/toprc-default")
	files := "incompatible rcfile, you should delete 'f'"
	for _, tc := range []struct{ from, to, msg string }{
		{"Id:k", "Id:l", files},
		{"Id:k", "Id:c", files},
		{"Mode_irixps=1", "Mode_irixps=2", files},
		{"Curwin=0", "Curwin=4", files},
		{"Delay_time=3.0", "Delay_time=-1.0", files},
		{"sortindx=0,", "sortindx=78,", "window entry #2 corrupt, please delete 'f'"},
		{"graph_cpus=0", "graph_cpus=3", "window entry #1 corrupt, please delete 'f'"},
		{"taskclr=3", "taskclr=256", "window entry #4 corrupt, please delete 'f'"},
		{"  75   81 ", "  81   81 ", "window entry #1 corrupt, please delete 'f'"},
		{"  75   81 ", "  75   81 0 ", "window entry #1 corrupt, please delete 'f'"},
		{"Mem\tfieldscur", "Mem fieldcur", "window entry #3 corrupt, please delete 'f'"},
	} {
		text := strings.Replace(string(b), tc.from, tc.to, 1)
		if _, err := ParseRC([]byte(text), "f"); err == nil || err.Error() != tc.msg {
			t.Errorf("%s -> %s: %v", tc.from, tc.to, err)
		}
	}
}

func FuzzParseRC(f *testing.F) {
	for _, name := range []string{"testdata/toprc-default", "testdata/toprc-j"} {
		b, _ := os.ReadFile(name)
		f.Add(b)
	}
	f.Add([]byte("top's Config File\nId:k, Mode_altscr=0, Mode_irixps=1, Delay_time=3.0, Curwin=0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRC(b, "f")
		if err != nil {
			return
		}
		s := DefaultSettings()
		r.Apply(s)
		s.Finish()
		out := r.Text("top", s)
		// what we write reads back to the same file
		r2, err := ParseRC([]byte(out), "f")
		if err != nil {
			t.Fatalf("our own file does not read back: %v\n%s", err, out)
		}
		s2 := DefaultSettings()
		r2.Apply(s2)
		s2.Finish()
		if out2 := r2.Text("top", s2); !bytes.Equal([]byte(out), []byte(out2)) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}

// TestRcOrder: ~/.<name>rc first, then $XDG_CONFIG_HOME/procps/<name>rc (a relative
// XDG_CONFIG_HOME is ignored: ~/.config), which W writes when no file was read.
func TestRcOrder(t *testing.T) {
	b, _ := os.ReadFile("testdata/toprc-default")
	home, xdg := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", xdg)
	st, err := readRC("top", DefaultSettings())
	if err != nil || st.path != xdg+"/procps/toprc" {
		t.Errorf("no file: %v %q", err, st.path)
	}
	mem := strings.Replace(string(b), "sortindx=18", "sortindx=21", 1)
	os.WriteFile(xdg+"/procps/toprc", []byte(mem), 0o644)
	s := DefaultSettings()
	if st, err = readRC("top", s); err != nil || s.SortField != fMEM {
		t.Errorf("xdg: %v %d", err, s.SortField)
	}
	pid := strings.Replace(string(b), "sortindx=18", "sortindx=0", 1)
	os.WriteFile(home+"/.toprc", []byte(pid), 0o644)
	s = DefaultSettings()
	if st, err = readRC("top", s); err != nil || s.SortField != fPID || st.path != home+"/.toprc" {
		t.Errorf("legacy: %v %d %q", err, s.SortField, st.path)
	}
	// named after the program
	s = DefaultSettings()
	if st, err = readRC("mytop", s); err != nil || s.SortField != fCPU || st.path != xdg+"/procps/mytoprc" {
		t.Errorf("mytop: %v %d %q", err, s.SortField, st.path)
	}
	t.Setenv("XDG_CONFIG_HOME", "relative")
	os.Remove(home + "/.toprc")
	if st, _ = readRC("top", DefaultSettings()); st.path != home+"/.config/procps/toprc" {
		t.Errorf("relative XDG_CONFIG_HOME: %q", st.path)
	}
	if _, err := os.Stat(home + "/.config/procps"); err != nil {
		t.Errorf("the directories are made as top makes them: %v", err)
	}
	os.WriteFile(home+"/.config/procps/toprc", []byte("top's Config File\n"), 0o644)
	if _, err := readRC("top", DefaultSettings()); err == nil || err.Error() != "incompatible rcfile, you should delete '"+home+"/.config/procps/toprc'" {
		t.Errorf("bad file: %v", err)
	}
}
