package livefs

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
)

// The load sampler: the kernel keeps no per-cgroup load average (docs/semantics.md "Load
// average"). With SampleLoad, the server samples every container-mode cgroup a reader read
// in the last LoadIdle, every 5 s, as `cgprocps loadavgd` does (cgview.RunSampler: one step
// per sample, the state in the file of LoadStateDirs loadavgd writes, which ProcFile
// "loadavg" reads). The state is in files, so a new server (after a crash or an upgrade)
// goes on from the last one's averages.

// DefaultLoadIdle: a cgroup no reader has read for 10 minutes is no longer sampled (its
// state goes stale after 15 s and its readers see the instantaneous count until sampled
// again).
const DefaultLoadIdle = 10 * time.Minute

// loadPeriod is the kernel's LOAD_FREQ.
const loadPeriod = 5 * time.Second

type loadSampler struct {
	mu      sync.Mutex
	last    map[string]time.Time // cgroup folder -> last read
	started bool
}

// ResumeLoad goes on sampling the cgroups a previous server sampled: those with a state
// file at most 15 s old (the age readers still use) in LoadStateDirs, each as if read now.
// So a server started after a crash or an upgrade keeps every state fresh without waiting
// for a read. It returns how many it took over.
func (s *Server) ResumeLoad() int {
	if !s.SampleLoad {
		return 0
	}
	n := 0
	for _, d := range cgview.LoadStateDirs() {
		files, _ := filepath.Glob(filepath.Join(s.root(), d, "loadavg-*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			st, err := cgview.ParseLoadState(b)
			if age := time.Since(st.Time); err != nil || st.Cgroup == "" || age > 3*loadPeriod || age < -loadPeriod {
				continue
			}
			s.noteDir(st.Cgroup)
			n++
		}
	}
	return n
}

// noteLoad records that a container-mode view of v's cgroup was read, and starts the
// sampling loop at the first.
func (s *Server) noteLoad(v *cgview.View) {
	if !s.SampleLoad || !v.Container() {
		return
	}
	if dir := v.ProcsDir(); dir != "" {
		s.noteDir(dir)
	}
}

// noteDir records that the cgroup folder dir was read now.
func (s *Server) noteDir(dir string) {
	s.load.mu.Lock()
	defer s.load.mu.Unlock()
	if s.load.last == nil {
		s.load.last = map[string]time.Time{}
	}
	s.load.last[dir] = time.Now()
	if !s.load.started {
		s.load.started = true
		go func() {
			t := time.NewTicker(loadPeriod)
			for range t.C {
				s.sampleLoad()
			}
		}()
	}
}

// Sampled lists the cgroup folders the server samples.
func (s *Server) Sampled() []string {
	s.load.mu.Lock()
	defer s.load.mu.Unlock()
	var out []string
	for d := range s.load.last {
		out = append(out, d)
	}
	return out
}

// sampleLoad takes one sample of every cgroup read in the last LoadIdle, and forgets the
// others and those that cannot be sampled (removed).
func (s *Server) sampleLoad() {
	idle := s.LoadIdle
	if idle <= 0 {
		idle = DefaultLoadIdle
	}
	now := time.Now()
	var dirs []string
	s.load.mu.Lock()
	for d, t := range s.load.last {
		if now.Sub(t) > idle {
			delete(s.load.last, d)
		} else {
			dirs = append(dirs, d)
		}
	}
	s.load.mu.Unlock()
	for _, d := range dirs {
		o := cgview.Options{Root: s.root(), Cgroup: d, Mode: cgview.ModeContainer, Warn: io.Discard, Prog: "cgprocps-fs"}
		if err := cgview.RunSampler(context.Background(), o, "", true); err != nil {
			s.load.mu.Lock()
			delete(s.load.last, d)
			s.load.mu.Unlock()
		}
	}
}
