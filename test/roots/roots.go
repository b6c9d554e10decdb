// Package roots gives the tests Debian roots of the releases the version profiles reproduce
// (docs/profiles.md): bullseye (Debian 11), bookworm (12) and trixie (13), each a
// `debootstrap --variant=minbase --include=procps,sysstat` root built once by scripts/debroot
// and cached as a tarball under $CGPROCPS_ROOTS_CACHE (default /var/cache/cgprocps-roots),
// then extracted once beside it. The oracle runs a root's real tools over a rendered view
// (oracle.RunRoot); each root's profile is what profile.Detect finds in it, from its dpkg
// records, as `cgprocps --install` would.
//
// A root that cannot be built here (no root user, no debootstrap, the suite unreachable)
// skips the calling test with the reason.
package roots

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
)

// Suites are the roots of the matrix, oldest first, with their distribution shorthand.
var Suites = []struct{ Suite, Distro string }{
	{"bullseye", "debian11"},
	{"bookworm", "debian12"},
	{"trixie", "debian13"},
}

// Root is one extracted root.
type Root struct {
	Suite    string
	Dir      string            // the extracted root
	Versions map[string]string // dpkg-query's package → version in the root
	Profile  profile.Profile   // profile.Detect of Dir
	How      string            // what Detect found
}

var (
	mu    sync.Mutex
	cache = map[string]*entry{}
)

type entry struct {
	once   sync.Once
	root   Root
	whyNot string
}

// CacheDir is where the tarballs and extracted roots are kept.
func CacheDir() string {
	if d := os.Getenv("CGPROCPS_ROOTS_CACHE"); d != "" {
		return d
	}
	return "/var/cache/cgprocps-roots"
}

// Get returns suite's root, building and extracting it on first use, or "" root and why it
// cannot be had.
func Get(suite string) (Root, string) {
	mu.Lock()
	e := cache[suite]
	if e == nil {
		e = &entry{}
		cache[suite] = e
	}
	mu.Unlock()
	e.once.Do(func() { e.root, e.whyNot = get(suite) })
	return e.root, e.whyNot
}

// Need returns suite's root or skips t with the reason.
func Need(t testing.TB, suite string) Root {
	t.Helper()
	r, why := Get(suite)
	if why != "" {
		t.Skipf("Debian root %s unavailable: %s", suite, why)
	}
	return r
}

func get(suite string) (Root, string) {
	if os.Geteuid() != 0 {
		return Root{}, "needs root (debootstrap, chroot)"
	}
	repo, err := oracle.RepoRoot()
	if err != nil {
		return Root{}, err.Error()
	}
	tarball := filepath.Join(CacheDir(), suite+"-minbase.tar")
	dir := filepath.Join(CacheDir(), suite)
	stamp := filepath.Join(dir, ".cgprocps-extracted")
	if _, err := os.Stat(stamp); err != nil {
		if _, err := os.Stat(tarball); err != nil {
			if _, err := exec.LookPath("debootstrap"); err != nil {
				return Root{}, "no cached " + tarball + " and debootstrap is not installed"
			}
		}
		var errb bytes.Buffer
		c := exec.Command(filepath.Join(repo, "scripts", "debroot"), suite, tarball, "procps,sysstat")
		c.Stderr = &errb
		if err := c.Run(); err != nil {
			return Root{}, fmt.Sprintf("scripts/debroot %s: %v: %s", suite, err, lastLines(errb.String(), 5))
		}
		// Extract beside the tarball, then rename: a concurrent extraction loses the rename.
		tmp, err := os.MkdirTemp(CacheDir(), suite+".extract-")
		if err != nil {
			return Root{}, err.Error()
		}
		if out, err := exec.Command("tar", "-C", tmp, "-xf", tarball).CombinedOutput(); err != nil {
			os.RemoveAll(tmp)
			return Root{}, fmt.Sprintf("tar -xf %s: %v: %s", tarball, err, out)
		}
		os.WriteFile(filepath.Join(tmp, ".cgprocps-extracted"), nil, 0o644)
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp)
			if _, err2 := os.Stat(stamp); err2 != nil {
				return Root{}, err.Error()
			}
		}
	}
	r := Root{Suite: suite, Dir: dir, Versions: map[string]string{}}
	if b, err := os.ReadFile(tarball + ".versions"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, "\t"); ok {
				r.Versions[k] = v
			}
		}
	}
	r.Profile, r.How = profile.Detect(dir)
	return r, ""
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
