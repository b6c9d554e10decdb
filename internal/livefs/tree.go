// Package livefs is the live view: a read-only FUSE filesystem laid out as LXCFS lays out
// /var/lib/lxcfs (proc/meminfo, proc/stat, ..., sys/devices/system/cpu) whose every file is
// rendered, when a process opens it, for the cgroup of that process, by the same cgview code
// the tools use (docs/livefs.md).
//
// tree.go is the per-request logic, free of FUSE: what a path is, what a folder lists and
// what a file holds for a given reader PID. fuse.go is the glue to go-fuse.
package livefs

import (
	"errors"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/machine"
)

// Kind says whether a path is a folder or a file.
type Kind int

const (
	Dir Kind = iota + 1
	File
)

// Entry is one name in a folder.
type Entry struct {
	Name string
	Kind Kind
}

// CPUDir is the CPU folder, relative to the mount point.
const CPUDir = "sys/devices/system/cpu"

// folders are the fixed folders and what they list; CPUDir adds cpu0..cpuN-1 per reader.
var folders = map[string][]string{
	"":                   {"proc", "sys"},
	"proc":               append(append([]string(nil), cgview.ProcFiles...), "pressure"),
	"proc/pressure":      PressureFiles,
	"sys":                {"devices"},
	"sys/devices":        {"system"},
	"sys/devices/system": {"cpu"},
	CPUDir:               {"online", "uevent"},
}

// PressureFiles are the files of proc/pressure (pressure.go).
var PressureFiles = []string{"cpu", "memory", "io"}

// Server answers the requests of the filesystem. Its methods take the reader's PID (as the
// FUSE request header gives it, in the daemon's PID namespace) and a slash-separated path
// relative to the mount point ("" is the mount point itself). Errors are syscall.Errno values.
type Server struct {
	// Root replaces / for every /proc, /sys and cgroup read (CGPROCPS_ROOT when empty).
	Root string
	// Warn receives cgview's warnings; nil discards them.
	Warn io.Writer
	// CacheFor is how long a rendered file is reused for readers in the same cgroup
	// (DefaultCacheFor when 0; no reuse when negative).
	CacheFor time.Duration
	// SampleLoad keeps a load sampler for every container-mode cgroup read in the last
	// LoadIdle (DefaultLoadIdle when 0): load.go.
	SampleLoad bool
	LoadIdle   time.Duration

	// ViewFor is how long the cgroups found for a reader's cgroup key (cgview.Open: mountinfo,
	// the hierarchies) are kept; each rendering still reads every file afresh
	// (cgview.View.Reopen). DefaultViewFor when 0; not kept when negative.
	ViewFor time.Duration

	mu    sync.Mutex
	cache map[string]cached
	views map[string]keptView
	load  loadSampler
}

// DefaultViewFor: a reader's cgroups are found again at most 10 s after they were found
// (a remount of a cgroup hierarchy is seen within 10 s; docs/decisions.md).
const DefaultViewFor = 10 * time.Second

type keptView struct {
	v    *cgview.View
	when time.Time
}

// DefaultCacheFor: a file rendered for a cgroup is served again to that cgroup's readers
// for 100 ms (docs/decisions.md: the cost of a read with and without).
const DefaultCacheFor = 100 * time.Millisecond

type cached struct {
	b    []byte
	when time.Time
}

// cgroupKey names what a view of pid depends on: its cgroups (/proc/PID/cgroup, as the
// daemon sees them) and its cgroup namespace (the mode decision). ok is false when either
// cannot be read (the uncached path then says why).
func (s *Server) cgroupKey(pid int) (string, bool) {
	if pid <= 0 {
		return "", false
	}
	m := machine.New(s.root())
	procPID := "/proc/" + strconv.Itoa(pid)
	cg, err := m.ReadRecord(procPID + "/cgroup")
	if err != nil || len(cg) == 0 {
		return "", false
	}
	ns, _ := m.Readlink(procPID + "/ns/cgroup")
	return ns + "\x00" + string(cg), true
}

// cacheKey names a rendering of what for pid: its cgroupKey and what.
func (s *Server) cacheKey(pid int, what string) (string, bool) {
	if s.CacheFor < 0 {
		return "", false
	}
	k, ok := s.cgroupKey(pid)
	return k + "\x00" + what, ok
}

// cached returns what render returns for pid and key what, reused while fresh.
// render gets pid's cgroupKey (read once per request).
func (s *Server) cached(pid int, what string, render func(cgKey string, ok bool) ([]byte, error)) ([]byte, error) {
	cgKey, ok := s.cgroupKey(pid)
	if !ok || s.CacheFor < 0 {
		return render(cgKey, ok)
	}
	key := cgKey + "\x00" + what
	ttl := s.CacheFor
	if ttl == 0 {
		ttl = DefaultCacheFor
	}
	now := time.Now()
	s.mu.Lock()
	if c, hit := s.cache[key]; hit && now.Sub(c.when) < ttl {
		s.mu.Unlock()
		return c.b, nil
	}
	s.mu.Unlock()
	b, err := render(cgKey, ok)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cache == nil || len(s.cache) >= 4096 {
		for k, c := range s.cache {
			if now.Sub(c.when) >= ttl {
				delete(s.cache, k)
			}
		}
		if s.cache == nil || len(s.cache) >= 4096 {
			s.cache = map[string]cached{}
		}
	}
	s.cache[key] = cached{b, now}
	s.mu.Unlock()
	return b, nil
}

func (s *Server) root() string {
	if s.Root != "" {
		return s.Root
	}
	if r := os.Getenv("CGPROCPS_ROOT"); r != "" {
		return r
	}
	return "/"
}

// clean checks p is a canonical relative path: no empty, "." or ".." element.
func clean(p string) (string, bool) {
	if p == "" {
		return "", true
	}
	if len(p) > 4096 {
		return "", false
	}
	for _, e := range strings.Split(p, "/") {
		if e == "" || e == "." || e == ".." {
			return "", false
		}
	}
	return p, true
}

// cpuIndex parses "cpuK" (K a plain decimal, no sign or leading zero).
func cpuIndex(name string) (int, bool) {
	d, ok := strings.CutPrefix(name, "cpu")
	if !ok || d == "" || (len(d) > 1 && d[0] == '0') || len(d) > 6 {
		return 0, false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(d)
	return n, err == nil
}

// View opens the view of the cgroup pid is in, with the tools' mode decision: cgview's
// rules for a named PID, plus the one cgview applies only to its own caller (a private
// cgroup namespace means container mode), read here from /proc/PID/ns/cgroup.
// A process that is gone yields ESRCH; a PID of 0 (a reader outside the daemon's PID
// namespace) and any other failure EIO.
func (s *Server) View(pid int) (*cgview.View, error) {
	if pid <= 0 {
		return nil, syscall.EIO
	}
	key, ok := s.cgroupKey(pid)
	return s.view(pid, key, ok)
}

// view is View given pid's cgroupKey.
func (s *Server) view(pid int, key string, ok bool) (*cgview.View, error) {
	if pid <= 0 {
		return nil, syscall.EIO
	}
	ttl := s.ViewFor
	if ttl == 0 {
		ttl = DefaultViewFor
	}
	if !ok || ttl < 0 {
		return s.open(pid)
	}
	now := time.Now()
	s.mu.Lock()
	kv, hit := s.views[key]
	s.mu.Unlock()
	if hit && now.Sub(kv.when) < ttl {
		return kv.v.Reopen(), nil
	}
	v, err := s.open(pid)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.views == nil || len(s.views) >= 4096 {
		for k, kv := range s.views {
			if now.Sub(kv.when) >= ttl {
				delete(s.views, k)
			}
		}
		if s.views == nil || len(s.views) >= 4096 {
			s.views = map[string]keptView{}
		}
	}
	s.views[key] = keptView{v, now}
	s.mu.Unlock()
	return v.Reopen(), nil
}

// open is cgview.Open for pid with the tools' mode decision (View).
func (s *Server) open(pid int) (*cgview.View, error) {
	root := s.root()
	w := s.Warn
	if w == nil {
		w = io.Discard
	}
	o := cgview.Options{Root: root, PID: pid, Warn: w, Prog: "cgprocps-fs"}
	m := machine.New(root)
	procPID := "/proc/" + strconv.Itoa(pid)
	if l, err := m.Readlink(procPID + "/ns/cgroup"); err == nil && l != "cgroup:[4026531835]" {
		o.Mode = cgview.ModeContainer
	}
	v, err := cgview.Open(o)
	if err != nil {
		var st syscall.Stat_t
		if serr := m.Stat(procPID, &st); errors.Is(serr, os.ErrNotExist) {
			return nil, syscall.ESRCH
		}
		return nil, syscall.EIO
	}
	return v, nil
}

// Lookup says what p is for the reader pid: a folder, a file, or ENOENT. Only cpuK folders
// depend on the reader (K below its CPU count).
func (s *Server) Lookup(pid int, p string) (Kind, error) {
	p, ok := clean(p)
	if !ok {
		return 0, syscall.ENOENT
	}
	if _, ok := folders[p]; ok {
		return Dir, nil
	}
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	names, ok := folders[dir]
	if !ok {
		return 0, syscall.ENOENT
	}
	for _, n := range names {
		if n == name {
			return File, nil
		}
	}
	if dir == CPUDir {
		if k, ok := cpuIndex(name); ok {
			n, err := s.cpus(pid)
			if err != nil {
				return 0, err
			}
			if k < n {
				return Dir, nil
			}
		}
	}
	return 0, syscall.ENOENT
}

// List returns what folder p holds for the reader pid, or ENOTDIR/ENOENT.
func (s *Server) List(pid int, p string) ([]Entry, error) {
	k, err := s.Lookup(pid, p)
	if err != nil {
		return nil, err
	}
	if k != Dir {
		return nil, syscall.ENOTDIR
	}
	var out []Entry
	for _, n := range folders[p] {
		kind := File
		if _, ok := folders[join(p, n)]; ok {
			kind = Dir
		}
		out = append(out, Entry{n, kind})
	}
	if p == CPUDir {
		n, err := s.cpus(pid)
		if err != nil {
			return nil, err
		}
		for i := 0; i < n; i++ {
			out = append(out, Entry{"cpu" + strconv.Itoa(i), Dir})
		}
	}
	return out, nil
}

// Read renders file p for the reader pid: what our tools would show inside its cgroup, the
// host's file for a host-mode reader. EISDIR for a folder, ENOENT for no such file.
func (s *Server) Read(pid int, p string) ([]byte, error) {
	k, err := s.Lookup(pid, p)
	if err != nil {
		return nil, err
	}
	if k != File {
		return nil, syscall.EISDIR
	}
	if p == CPUDir+"/uevent" {
		return []byte{}, nil
	}
	return s.cached(pid, p, func(key string, ok bool) ([]byte, error) {
		v, err := s.view(pid, key, ok)
		if err != nil {
			return nil, err
		}
		s.noteLoad(v)
		if p == CPUDir+"/online" {
			return v.CPUOnline(), nil
		}
		if name, ok := strings.CutPrefix(p, "proc/pressure/"); ok {
			return pressure(v, name)
		}
		b, err := v.ProcFile(strings.TrimPrefix(p, "proc/"))
		if err != nil {
			return nil, syscall.EIO
		}
		return b, nil
	})
}

// cpus is the number of CPUs of pid's view (the cpuK folders), cached as files are.
func (s *Server) cpus(pid int) (int, error) {
	b, err := s.cached(pid, "#cpus", func(key string, ok bool) ([]byte, error) {
		v, err := s.view(pid, key, ok)
		if err != nil {
			return nil, err
		}
		return []byte(strconv.Itoa(v.CPU().N)), nil
	})
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(b))
}

// Shared reports whether p exists, with the same attributes, for every reader: all but
// the cpuK folders. The kernel may cache what Lookup says of such a path.
func Shared(p string) bool {
	dir, name := path.Split(p)
	if strings.TrimSuffix(dir, "/") != CPUDir {
		return true
	}
	_, isCPU := cpuIndex(name)
	return !isCPU
}

// Size is the st_size a file reports: 0 for /proc files as procfs reports, 4096 for sysfs
// files as sysfs does. Readers read to EOF either way (the files are opened direct_io).
func Size(p string) uint64 {
	if strings.HasPrefix(p, "sys/") {
		return 4096
	}
	return 0
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}
