package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/toolinfo"
)

// Every tool has a description; those with an option list name every option in their page.
func TestEveryToolHasInfo(t *testing.T) {
	for _, tool := range Tools {
		i, ok := ToolInfo(tool.Name)
		if !ok || i.Name != tool.Name || i.Original == "" || i.Summary == "" {
			t.Errorf("%s: no complete Info (%+v)", tool.Name, i)
		}
	}
	if _, ok := ToolInfo("nosuch"); ok {
		t.Error("ToolInfo(nosuch) found something")
	}
	if i, _ := ToolInfo("free"); len(i.Options) == 0 {
		t.Error("free's Info has no options: ToolInfo must return free.Info()")
	}
}

// The container options of the pages and completions are read from cli.ContainerHelp: it
// must describe exactly cli.ContainerOptions.
func TestContainerHelpMatchesOptions(t *testing.T) {
	for _, p := range toolinfo.CheckOptions(containerOpts(""), "", cli.ContainerOptions) {
		t.Error(p)
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if out, errOut, code := runMain("cgprocps", "man", dir); code != 0 || out != "" || errOut != "" {
		t.Fatalf("cgprocps man: %d %q %q", code, out, errOut)
	}
	groff, _ := exec.LookPath("groff")
	for _, tool := range append(append([]Tool(nil), Tools...), Tool{Name: "cgprocps"}) {
		b, err := os.ReadFile(filepath.Join(dir, tool.Name+".1"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if !strings.Contains(page, ".TH "+strings.ToUpper(tool.Name)+" 1 ") {
			t.Errorf("%s.1: no .TH line", tool.Name)
		}
		var opts []toolinfo.Opt
		if tool.Name != "cgprocps" {
			i, _ := ToolInfo(tool.Name)
			opts = i.Options
			if !strings.Contains(page, ".SH DIFFERENCES FROM THE ORIGINAL") {
				t.Errorf("%s.1: no DIFFERENCES section", tool.Name)
			}
		}
		for _, o := range append(opts, containerOpts(tool.Name)...) {
			for _, f := range optForms(o) {
				if !strings.Contains(page, `\fB`+strings.ReplaceAll(f, "-", `\-`)+`\fR`) {
					t.Errorf("%s.1 does not describe %s", tool.Name, f)
				}
			}
		}
		if groff == "" {
			continue
		}
		// groff -ww -z: every warning (bad requests, escapes) on stderr, no output.
		cmd := exec.Command(groff, "-man", "-ww", "-z", filepath.Join(dir, tool.Name+".1"))
		if out, err := cmd.CombinedOutput(); err != nil || len(out) != 0 {
			t.Errorf("groff on %s.1: %v\n%s", tool.Name, err, out)
		}
	}
	if groff == "" {
		t.Log("groff not installed: pages not linted")
	}
	for _, args := range [][]string{{"man"}, {"man", "a", "b"}, {"man", filepath.Join(dir, "free.1")}} {
		if _, _, code := runMain(append([]string{"cgprocps"}, args...)...); code != 1 {
			t.Errorf("cgprocps %v: exit %d, want 1", args, code)
		}
	}
}

func TestRoffEscapes(t *testing.T) {
	for in, want := range map[string]string{
		".starts with a dot": `\&.starts with a dot`,
		"'quote":             `\&'quote`,
		`back\slash`:         `back\eslash`,
		"--long":             `\-\-long`,
	} {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
}

// top's --pid is its own -p: its page's container block must not offer a container --pid.
func TestTopContainerOptionsHaveNoPID(t *testing.T) {
	for _, o := range containerOpts("top") {
		for _, f := range optForms(o) {
			if f == "--pid" {
				t.Errorf("top's container options list --pid")
			}
		}
	}
	found := false
	for _, o := range containerOpts("free") {
		for _, f := range optForms(o) {
			found = found || f == "--pid"
		}
	}
	if !found {
		t.Errorf("free's container options do not list --pid")
	}
}
