package livefs

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// The service files: packaging/cgprocps-fs.service (systemd-analyze verify when it is
// here) and deploy/kubernetes/cgprocps-fs.yaml (parsed as block YAML, checked for what the
// live view needs).

func repoFile(t *testing.T, p string) string {
	t.Helper()
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServiceUnit(t *testing.T) {
	unit := repoFile(t, "packaging/cgprocps-fs.service")
	keys := map[string]string{}
	for _, l := range strings.Split(unit, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			keys[k] = v
		}
	}
	const exe = "/usr/lib/cgprocps/bin/cgprocps-fs"
	for k, want := range map[string]string{
		"Type":       "notify",
		"ExecStart":  exe + " --foreground /var/lib/cgprocps",
		"ExecReload": "/bin/kill -HUP $MAINPID",
		"Restart":    "always",
		"KillMode":   "mixed",
	} {
		if keys[k] != want {
			t.Errorf("%s=%q, want %q", k, keys[k], want)
		}
	}
	// The fd store holds the connection and its INIT request.
	if n, _ := strconv.Atoi(keys["FileDescriptorStoreMax"]); n < 2 {
		t.Errorf("FileDescriptorStoreMax=%q, want 2 or more", keys["FileDescriptorStoreMax"])
	}
	// The packages install the binary there, and the unit beside systemd's own.
	rel := repoFile(t, "goreleaser.yaml")
	for _, s := range []string{"bindir: /usr/lib/cgprocps/bin\n", "ids: [cgprocps, cgprocps-fs]\n",
		"src: packaging/cgprocps-fs.service\n        dst: /usr/lib/systemd/system/cgprocps-fs.service\n"} {
		if !strings.Contains(rel, s) {
			t.Errorf("goreleaser.yaml has no %q", s)
		}
	}

	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze")
	}
	// verify wants the executable: the one just built, at the unit's path's place.
	dir := t.TempDir()
	p := filepath.Join(dir, "cgprocps-fs.service")
	os.WriteFile(p, []byte(strings.ReplaceAll(unit, exe, filepath.Join(bins(t), "cgprocps-fs"))), 0o644)
	out, err := exec.Command(sa, "verify", p).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// yamlNode is a parsed block-YAML value: string, map[string]any or []any.
type yamlNode = any

type yamlLine struct {
	indent int
	text   string
	n      int
}

// parseYAML parses the block subset of YAML the manifest uses: mappings, sequences of
// mappings or scalars, plain scalars and comments. It fails on tabs, odd indentation and
// anything it does not know, so a malformed manifest fails the test.
func parseYAML(s string) (yamlNode, error) {
	var lines []yamlLine
	for i, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "\t") {
			return nil, fmt.Errorf("line %d: tab", i+1)
		}
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		lines = append(lines, yamlLine{len(l) - len(t), t, i + 1})
	}
	v, rest, err := yamlBlock(lines, 0)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("line %d: unexpected indentation", rest[0].n)
	}
	return v, err
}

func yamlBlock(lines []yamlLine, indent int) (yamlNode, []yamlLine, error) {
	if len(lines) == 0 || lines[0].indent != indent {
		return nil, lines, fmt.Errorf("empty block at indentation %d", indent)
	}
	if strings.HasPrefix(lines[0].text, "- ") {
		var list []any
		for len(lines) > 0 && lines[0].indent == indent && strings.HasPrefix(lines[0].text, "- ") {
			// The item's text, as if it began two columns further in.
			first := yamlLine{indent + 2, lines[0].text[2:], lines[0].n}
			item := []yamlLine{first}
			lines = lines[1:]
			for len(lines) > 0 && lines[0].indent > indent {
				item = append(item, lines[0])
				lines = lines[1:]
			}
			if len(item) == 1 && !strings.Contains(first.text, ": ") && !strings.HasSuffix(first.text, ":") {
				list = append(list, first.text)
				continue
			}
			v, rest, err := yamlBlock(item, indent+2)
			if err != nil {
				return nil, nil, err
			}
			if len(rest) > 0 {
				return nil, nil, fmt.Errorf("line %d: bad indentation", rest[0].n)
			}
			list = append(list, v)
		}
		return list, lines, nil
	}
	m := map[string]any{}
	for len(lines) > 0 && lines[0].indent == indent {
		l := lines[0]
		lines = lines[1:]
		k, v, ok := strings.Cut(l.text, ":")
		if !ok || k == "" || strings.ContainsAny(k, " {}[]") {
			return nil, nil, fmt.Errorf("line %d: not a key: %q", l.n, l.text)
		}
		if _, dup := m[k]; dup {
			return nil, nil, fmt.Errorf("line %d: %s twice", l.n, k)
		}
		v = strings.TrimSpace(v)
		if v != "" {
			m[k] = v
			continue
		}
		if len(lines) == 0 || lines[0].indent <= indent {
			// A sequence may sit at its key's indentation.
			if len(lines) > 0 && lines[0].indent == indent && strings.HasPrefix(lines[0].text, "- ") {
				sub, rest, err := yamlBlock(lines, indent)
				if err != nil {
					return nil, nil, err
				}
				m[k], lines = sub, rest
				continue
			}
			return nil, nil, fmt.Errorf("line %d: %s has no value", l.n, k)
		}
		sub, rest, err := yamlBlock(lines, lines[0].indent)
		if err != nil {
			return nil, nil, err
		}
		m[k], lines = sub, rest
	}
	return m, lines, nil
}

// yget walks a parsed document: a key of a map, or an index of a list.
func yget(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			l, _ := v.([]any)
			if p >= len(l) {
				return nil
			}
			v = l[p]
		}
	}
	return v
}

func TestDaemonSetManifest(t *testing.T) {
	doc, err := parseYAML(repoFile(t, "deploy/kubernetes/cgprocps-fs.yaml"))
	if err != nil {
		t.Fatalf("cgprocps-fs.yaml: %v", err)
	}
	pod := yget(doc, "spec", "template", "spec")
	c := yget(pod, "containers", 0)
	for _, w := range []struct {
		got  any
		want string
	}{
		{yget(doc, "apiVersion"), "apps/v1"},
		{yget(doc, "kind"), "DaemonSet"},
		{yget(pod, "hostPID"), "true"},
		{yget(c, "securityContext", "privileged"), "true"},
		{yget(c, "volumeMounts", 0, "mountPath"), "/var/lib/cgprocps"},
		{yget(c, "volumeMounts", 0, "mountPropagation"), "Bidirectional"},
		{yget(c, "volumeMounts", 1, "mountPath"), "/dev/fuse"},
		{yget(pod, "volumes", 0, "hostPath", "path"), "/var/lib/cgprocps"},
		{yget(pod, "volumes", 1, "hostPath", "path"), "/dev/fuse"},
		{yget(pod, "volumes", 1, "hostPath", "type"), "CharDevice"},
		{yget(c, "volumeMounts", 2, "mountPath"), "/sys/fs/cgroup"},
		{yget(c, "volumeMounts", 2, "readOnly"), "true"},
		{yget(pod, "volumes", 2, "hostPath", "path"), "/sys/fs/cgroup"},
		// Selector and template labels agree (the API server refuses the object otherwise).
		{yget(doc, "spec", "selector", "matchLabels", "app.kubernetes.io/name"), "cgprocps-fs"},
		{yget(doc, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"), "cgprocps-fs"},
	} {
		if w.got != w.want {
			t.Errorf("got %v, want %q", w.got, w.want)
		}
	}
	for i := 0; i < 3; i++ {
		if n, v := yget(c, "volumeMounts", i, "name"), yget(pod, "volumes", i, "name"); n == nil || n != v {
			t.Errorf("volumeMounts[%d] %v, volumes[%d] %v", i, n, i, v)
		}
	}
	// The image's entry point runs the supervisor in the host's cgroup namespace.
	df := repoFile(t, "deploy/kubernetes/Dockerfile")
	if !strings.Contains(df, `"nsenter", "--cgroup=/proc/1/ns/cgroup", "--", "/usr/local/bin/cgprocps-fs", "--foreground", "/var/lib/cgprocps"`) {
		t.Errorf("Dockerfile's entry point:\n%s", df)
	}
}

func TestParseYAMLRejects(t *testing.T) {
	for _, s := range []string{"a:\n\tb: c\n", "a: b\n  c: d\n", "a:\nb: c\n", "a: 1\na: 2\n", "- a\n b\n"} {
		if _, err := parseYAML(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
	v, err := parseYAML("a:\n  - b: 1\n    c: 2\n  - x\nd: e\n")
	if err != nil || yget(v, "a", 0, "c") != "2" || yget(v, "a", 1) != "x" || yget(v, "d") != "e" {
		t.Errorf("parsed %v, %v", v, err)
	}
}
