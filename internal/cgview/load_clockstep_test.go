package cgview

import (
	"testing"
	"time"
	"unsafe"
)

// stepWall returns t (which must carry a monotonic reading) with its wall reading moved by d
// (whole seconds) and its monotonic reading unchanged: what time.Now returns after the system
// clock was stepped by d. The time package offers no way to build such a value, so this
// edits its documented-by-source layout (wall: hasMonotonic bit, 33 bits of seconds since
// 1885, 30 bits of nanoseconds; ext: the monotonic reading) and skips the test when the
// result does not behave as expected (a future layout).
func stepWall(tb testing.TB, t time.Time, d time.Duration) time.Time {
	tb.Helper()
	type timeLayout struct {
		wall uint64
		ext  int64
		loc  *time.Location
	}
	if unsafe.Sizeof(t) != unsafe.Sizeof(timeLayout{}) {
		tb.Skip("time.Time layout unknown")
	}
	u := t
	p := (*timeLayout)(unsafe.Pointer(&u))
	if p.wall&(1<<63) == 0 {
		tb.Skip("no monotonic reading")
	}
	p.wall = uint64(int64(p.wall) + int64(d/time.Second)<<30)
	if !u.Round(0).Equal(t.Round(0).Add(d)) || u.Sub(t) != 0 {
		tb.Skip("time.Time layout unknown")
	}
	return u
}

// A running sampler counts its periods on the monotonic clock; after the wall clock steps an
// hour back or forward, its next state must carry the stepped wall time (so readers, which
// compare it with their wall clock, find it fresh) and the averages must keep stepping from
// the previous ones (no restart from the instantaneous count).
func TestSamplerAcrossWallClockStep(t *testing.T) {
	for _, step := range []time.Duration{-time.Hour, time.Hour} {
		t0 := time.Now()
		var s LoadState
		s.Step(t0, 3)
		s.Step(t0.Add(5*time.Second), 0)
		want := s.Fixed
		for i := range want {
			want[i] = calcLoad(want[i], loadExp[i], 0)
		}
		now := stepWall(t, t0.Add(11*time.Second), step) // 6 s later on the monotonic clock
		s.Step(now, 0)
		if s.Fixed != want {
			t.Errorf("step %v: averages %v, want one more period from the previous ones %v", step, s.Fixed, want)
		}
		back, err := ParseLoadState(s.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if age := now.Round(0).Sub(back.Time); age < 0 || age >= loadPeriod {
			t.Errorf("step %v: the written state is %v old on the stepped wall clock, want within one period", step, age)
		}
		// and the periods keep their 5 s rhythm (the last ended 1 s before now)
		s.Step(now.Add(3*time.Second), 0)
		if s.Fixed != want {
			t.Errorf("step %v: stepped before the period ended", step)
		}
		s.Step(now.Add(4*time.Second), 0)
		if s.Fixed == want {
			t.Errorf("step %v: no step when the period ended", step)
		}
	}
}
