package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		out, errOut, code := runMain("cgprocps", "completion", sh)
		if code != 0 || errOut != "" || out == "" {
			t.Fatalf("completion %s: %d %q", sh, code, errOut)
		}
		for _, tool := range Tools {
			if !strings.Contains(out, tool.Name) {
				t.Errorf("%s script does not name %s", sh, tool.Name)
			}
		}
		for _, o := range append(allOpts("free"), allOpts("uptime")...) {
			if o.Long != "" && !strings.Contains(out, o.Long) {
				t.Errorf("%s script lacks --%s", sh, o.Long)
			}
		}
		// Syntax check with the shell itself where installed.
		if p, err := exec.LookPath(sh); err == nil {
			f := filepath.Join(t.TempDir(), "c."+sh)
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command(p, "-n", f).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", sh, err, b)
			}
		} else {
			t.Logf("%s not installed: no syntax check of its script", sh)
		}
	}
	if _, _, code := runMain("cgprocps", "completion", "tcsh"); code != 1 {
		t.Error("unknown shell: want exit 1")
	}
	if _, _, code := runMain("cgprocps", "completion"); code != 1 {
		t.Error("no shell: want exit 1")
	}
}

// The bash functions, run as bash-completion runs them, complete free's options, the tools
// after cgprocps, and free's options after cgprocps free.
func TestBashCompletionWorks(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	f := filepath.Join(t.TempDir(), "c.bash")
	if err := os.WriteFile(f, []byte(BashCompletion()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, fn, want string }{
		{"free --h", "_cgprocps_free", "--human --help --host"},
		{"free --container", "_cgprocps_free", "--container --container-id"},
		{"uptime -", "_cgprocps_uptime", "-p --pretty -s --since --json -h --help -V --version --host --container --cgroup --pid --container-id"},
		{"free -s ", "_cgprocps_free", ""},
		{"cgprocps up", "_cgprocps", "uptime"},
		{"cgprocps free --gi", "_cgprocps", "--gibi --giga"},
		{"cgprocps completion f", "_cgprocps", "fish"},
	} {
		words := strings.Fields(tc.line)
		if strings.HasSuffix(tc.line, " ") {
			words = append(words, "")
		}
		var q []string
		for _, w := range words {
			q = append(q, "'"+w+"'")
		}
		script := ". " + f + "\nCOMP_WORDS=(" + strings.Join(q, " ") + ")\nCOMP_CWORD=" +
			itoa(len(words)-1) + "\n" + tc.fn + "\necho \"${COMPREPLY[*]}\"\n"
		out, err := exec.Command(bash, "--norc", "-c", script).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("%q: got %q (%v), want %q", tc.line, out, err, tc.want)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// The fish script, asked as fish asks it (complete -C), completes free's options after free
// and after cgprocps free, the tools after cgprocps, and the shells after completion.
func TestFishCompletionWorks(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish not installed")
	}
	f := filepath.Join(t.TempDir(), "c.fish")
	if err := os.WriteFile(f, []byte(FishCompletion()), 0o644); err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"free --gi":            "--gibi --giga",
		"cgprocps free --gi":   "--gibi --giga",
		"uptime --container":   "--container --container-id",
		"cgprocps upt":         "uptime",
		"cgprocps completion ": "bash fish zsh",
	} {
		out, err := exec.Command(fish, "--no-config", "-c", "source "+f+"; complete -C '"+line+"'").CombinedOutput()
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			w, _, _ := strings.Cut(l, "\t")
			got = append(got, w)
		}
		if err != nil || strings.Join(got, " ") != want {
			t.Errorf("%q: got %q (%v), want %q", line, out, err, want)
		}
	}
}
