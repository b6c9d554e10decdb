package livefs

import (
	"context"
	"io"
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

// noteLoad records that a container-mode view of v's cgroup was read, and starts the
// sampling loop at the first.
func (s *Server) noteLoad(v *cgview.View) {
	if !s.SampleLoad || !v.Container() {
		return
	}
	dir := v.ProcsDir()
	if dir == "" {
		return
	}
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
