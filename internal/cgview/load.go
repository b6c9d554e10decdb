package cgview

import (
	"context"
	"errors"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// Load average: docs/semantics.md "Load average". The kernel keeps no per-cgroup average, so
// `cgprocps loadavgd` samples the subtree's R+D thread count every 5 s with the kernel's
// fixed-point EWMA and keeps the state in a small file; readers use it while it is fresh
// (at most 15 s old) and otherwise print the instantaneous count for all three averages.

// Kernel constants (include/linux/sched/loadavg.h).
const (
	fshift     = 11
	fixed1     = 1 << fshift
	exp1       = 1884
	exp5       = 2014
	exp15      = 2037
	loadPeriod = 5 * time.Second
	// loadStale: a state older than three missed samples is not used.
	loadStale = 15 * time.Second
)

var loadExp = [3]uint64{exp1, exp5, exp15}

// calcLoad is the kernel's calc_load: one EWMA step with active = n << FSHIFT.
func calcLoad(load, exp, active uint64) uint64 {
	newload := load*exp + active*(fixed1-exp)
	if active >= load {
		newload += fixed1 - 1
	}
	return newload / fixed1
}

// loadHundredths turns a fixed-point average into what /proc/loadavg prints, times 100
// (the kernel rounds by adding FIXED_1/200 before taking the integer and two digits).
func loadHundredths(x uint64) uint64 {
	x += fixed1 / 200
	return (x>>fshift)*100 + ((x&(fixed1-1))*100)>>fshift
}

// LoadState is the sampler's state for one cgroup.
type LoadState struct {
	Time   time.Time // when the last sample was taken
	Fixed  [3]uint64 // the three averages, kernel fixed point (FSHIFT 11)
	Cgroup string    // the cgroup folder it samples (machine path), for humans and checks
}

const loadStateMagic = "cgprocps-loadavg 1"

// Marshal writes the one-line state: "cgprocps-loadavg 1 UNIXMILLI F1 F5 F15 CGROUPDIR\n".
func (s LoadState) Marshal() []byte {
	return []byte(loadStateMagic + " " + strconv.FormatInt(s.Time.UnixMilli(), 10) + " " +
		strconv.FormatUint(s.Fixed[0], 10) + " " + strconv.FormatUint(s.Fixed[1], 10) + " " +
		strconv.FormatUint(s.Fixed[2], 10) + " " + s.Cgroup + "\n")
}

// ParseLoadState reads a state file.
func ParseLoadState(b []byte) (LoadState, error) {
	var s LoadState
	line := strings.TrimRight(string(b), "\n")
	if !strings.HasPrefix(line, loadStateMagic+" ") {
		return s, errors.New("not a cgprocps load state")
	}
	f := strings.SplitN(line[len(loadStateMagic)+1:], " ", 5)
	if len(f) < 4 {
		return s, errors.New("truncated load state")
	}
	ms, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return s, errors.New("bad time in load state")
	}
	s.Time = time.UnixMilli(ms)
	for i := 0; i < 3; i++ {
		x, err := strconv.ParseUint(f[i+1], 10, 64)
		if err != nil || x > 1<<40 {
			return s, errors.New("bad average in load state")
		}
		s.Fixed[i] = x
	}
	if len(f) == 5 {
		s.Cgroup = f[4]
	}
	return s, nil
}

// Step advances the state to now with n runnable+blocked threads, one kernel step per
// elapsed 5 s period (at most an hour of them; a longer gap starts over from n).
func (s *LoadState) Step(now time.Time, n int) {
	active := uint64(n) << fshift
	if s.Time.IsZero() || now.Sub(s.Time) > time.Hour || now.Before(s.Time) {
		s.Fixed = [3]uint64{active, active, active}
		s.Time = now
		return
	}
	for now.Sub(s.Time) >= loadPeriod {
		for i := range s.Fixed {
			s.Fixed[i] = calcLoad(s.Fixed[i], loadExp[i], active)
		}
		s.Time = s.Time.Add(loadPeriod)
	}
	// Keep the sample's time on the current wall clock. In a running sampler s.Time and now
	// carry monotonic readings, so the loop counted periods on the monotonic clock; but after
	// a wall-clock step (NTP, date -s) s.Time's wall reading, which Marshal writes and readers
	// compare with their wall clock, would stay off by the step, and every reader would find
	// the state stale (or from the future) until the sampler restarts. Without a step, or
	// without monotonic readings (a state read from its file), this changes nothing.
	s.Time = now.Add(-now.Sub(s.Time))
}

// loadStateName is the state file's name for a cgroup folder.
func loadStateName(cgdir string) string {
	h := fnv.New64a()
	h.Write([]byte(cgdir))
	return "loadavg-" + strconv.FormatUint(h.Sum64(), 16)
}

// LoadStateDirs are the folders a state file is looked up in, in order: $CGPROCPS_STATE_DIR,
// /run/cgprocps, $XDG_RUNTIME_DIR/cgprocps (machine paths, read through the root).
func LoadStateDirs() []string {
	var dirs []string
	if d := os.Getenv("CGPROCPS_STATE_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	dirs = append(dirs, "/run/cgprocps")
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		dirs = append(dirs, filepath.Join(d, "cgprocps"))
	}
	return dirs
}

// writableStateDir is the first of LoadStateDirs (under the root) where a file can be
// created. With none, an error: a state anywhere else would never be read, as readers search
// only LoadStateDirs.
func writableStateDir(f *machine.FS) (string, error) {
	dirs := LoadStateDirs()
	for _, d := range dirs {
		dir := f.Path(d)
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if fh, err := os.CreateTemp(dir, ".probe"); err == nil {
				fh.Close()
				os.Remove(fh.Name())
				return dir, nil
			}
		}
	}
	return "", errors.New("no writable state folder (tried " + strings.Join(dirs, ", ") +
		"); set CGPROCPS_STATE_DIR to a writable folder, for the sampler and the tools alike")
}

// loadState reads the state of this view's cgroup from the first of
// LoadStateDirs holding one; false when none does.
func (v *View) loadState() (LoadState, bool) {
	if v.cg == nil || v.cg.procs == nil {
		return LoadState{}, false
	}
	name := loadStateName(v.cg.procs.Dir)
	for _, d := range LoadStateDirs() {
		b, err := v.fs.ReadFile(filepath.Join(d, name))
		if err != nil {
			continue
		}
		s, err := ParseLoadState(b)
		if err != nil {
			v.warn("loadstate", filepath.Join(d, name)+": "+err.Error()+"; ignoring it")
			continue
		}
		return s, true
	}
	return LoadState{}, false
}

// LoadAverages returns the three load averages: the host's in host mode; in container mode
// the sampler's last sample while it is fresh (at most 15 s old; like the kernel's file, they
// change every 5 s), else the instantaneous R+D thread count for all three. With a fresh
// sample no process is read.
func (v *View) LoadAverages() (Averages, error) {
	if v.container && v.cg != nil {
		if s, ok := v.loadState(); ok {
			if age := time.Since(s.Time); age <= loadStale && age >= -loadPeriod {
				var a Averages
				for i := range a.Hundredths {
					a.Hundredths[i] = loadHundredths(s.Fixed[i])
				}
				a.Sampled = true
				return a, nil
			}
		}
		// No process in the subtree: no thread to count, a load of 0 (never the host's).
		n := uint64(0)
		if p := v.Procs(); p != nil {
			n = uint64(p.Running+p.Blocked) * 100
		}
		return Averages{Hundredths: [3]uint64{n, n, n}}, nil
	}
	l, err := v.LoadAvg()
	return l.Averages, err
}

// LoadAvg returns the /proc/loadavg view: the host's file in host mode; in container mode
// LoadAverages, running/total threads of the subtree and its highest thread ID.
func (v *View) LoadAvg() (LoadAvg, error) {
	v.loadOnce.Do(func() {
		var err error
		defer func() { v.loadErr = err }()
		if v.container && v.cg != nil {
			// The host's load is never shown in container mode: an empty subtree has no
			// thread, "0.00 0.00 0.00 0/0 0" (or a fresh sampled state's averages).
			a, _ := v.LoadAverages()
			l := &LoadAvg{Averages: a}
			if p := v.Procs(); p != nil {
				l.Running, l.Total, l.LastPID = p.Running, len(p.Tasks), p.MaxTID
			}
			v.load = l
			return
		}
		b, rerr := v.fs.ReadRecord("/proc/loadavg")
		if rerr != nil {
			err = errors.New("/proc/loadavg: " + unwrapPathErr(rerr).Error())
			return
		}
		f, perr := parseLoadavg(b)
		if perr != nil {
			err = errors.New("/proc/loadavg: " + perr.Error())
			return
		}
		v.load = &LoadAvg{Averages: Averages{Hundredths: f.Hundredths, Sampled: true}, Running: f.Running, Total: f.Total, LastPID: f.LastPID}
	})
	if v.load == nil {
		return LoadAvg{}, v.loadErr
	}
	return *v.load, nil
}

// Render prints l as the kernel prints /proc/loadavg.
func (l LoadAvg) Render() []byte {
	var b []byte
	for i := 0; i < 3; i++ {
		b = appendCentis(b, l.Hundredths[i])
		b = append(b, ' ')
	}
	b = appendUint(b, uint64(max(l.Running, 0)))
	b = append(b, '/')
	b = appendUint(b, uint64(max(l.Total, 0)))
	b = append(b, ' ')
	b = appendUint(b, uint64(max(l.LastPID, 0)))
	return append(b, '\n')
}

func appendUint(b []byte, x uint64) []byte { return strconv.AppendUint(b, x, 10) }

// RunSampler samples the R+D thread count of the cgroup selected by o every 5 s and keeps
// its averages in stateDir (the file LoadAvg reads; under the root, like every other path;
// empty: the first writable of LoadStateDirs), until ctx ends; with once, it takes one sample
// and returns. Its own threads are not counted.
func RunSampler(ctx context.Context, o Options, stateDir string, once bool) error {
	self := os.Getpid()
	var st LoadState
	path := ""
	tick := time.NewTicker(loadPeriod)
	defer tick.Stop()
	for {
		v, err := Open(o)
		if err != nil {
			return err
		}
		if v.cg == nil || v.cg.procs == nil {
			return errors.New("cannot read the cgroup hierarchy")
		}
		if path == "" {
			dir := v.fs.Path(stateDir)
			if stateDir == "" {
				if dir, err = writableStateDir(v.fs); err != nil {
					return err
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			path = filepath.Join(dir, loadStateName(v.cg.procs.Dir))
			if b, err := machine.Host.ReadFile(path); err == nil { // path is already under the root
				if s, err := ParseLoadState(b); err == nil && time.Since(s.Time) <= loadStale {
					st = s
				}
			}
		}
		n := 0
		if p := v.Procs(); p != nil {
			for _, t := range p.Tasks {
				if t.PID != self && (t.State == 'R' || t.State == 'D') {
					n++
				}
			}
		}
		st.Cgroup = v.cg.procs.Dir
		st.Step(time.Now(), n)
		if err := writeFileAtomic(path, st.Marshal()); err != nil {
			return err
		}
		if once {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
