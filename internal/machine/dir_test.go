package machine

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestReadDir(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ { // more than one getdents64 buffer's worth of long names
		name := fmt.Sprintf("file-%03d-%s", i, strings.Repeat("x", 40))
		if err := os.WriteFile(filepath.Join(root, "d", name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"sub1", "sub.2", "sub3"} {
		os.MkdirAll(filepath.Join(root, "d", d), 0o755)
	}
	os.Symlink("sub1", filepath.Join(root, "d", "link"))
	f := New(root)
	names, err := f.DirNames("/d")
	if err != nil || len(names) != 304 {
		t.Fatalf("DirNames: %d names, %v", len(names), err)
	}
	for _, n := range names {
		if n == "." || n == ".." {
			t.Fatal("listed . or ..")
		}
	}
	subs, err := f.Subdirs("/d")
	sort.Strings(subs)
	if err != nil || strings.Join(subs, ",") != "sub.2,sub1,sub3" {
		t.Errorf("Subdirs: %v %v (a symlink is not a folder of the tree)", subs, err)
	}
	if _, err := f.DirNames("/nope"); !os.IsNotExist(err) {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := f.DirNames("/d/sub1/../file-000-" + strings.Repeat("x", 40)); err == nil {
		t.Error("a file listed as a folder")
	}
}
