// Command alternate times programs strictly alternated, for scripts/bench-compare: each
// iteration runs every program once, in a new random order, and times its fork, exec and
// wait. A burst of load from the machine's neighbours then lands on every program alike,
// where hyperfine, which runs all runs of one command before the next, puts it on one side.
//
//	alternate BLOCKS RUNS PROGRAM...
//
// After 50 warm-up iterations it runs BLOCKS blocks of RUNS iterations and prints, per
// program, its median time and, per block, the ratio of its median to the first program's
// median of the same block: the median over blocks, the lowest and highest, and in how many
// blocks it was below 1. The programs' standard input and output are /dev/null; their errors
// are shown when a run fails.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"time"
)

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	n := len(y)
	if n%2 == 1 {
		return y[n/2]
	}
	return (y[n/2-1] + y[n/2]) / 2
}

func main() {
	if len(os.Args) < 5 {
		fmt.Fprintln(os.Stderr, "usage: alternate BLOCKS RUNS PROGRAM PROGRAM...")
		os.Exit(2)
	}
	blocks, err1 := strconv.Atoi(os.Args[1])
	runs, err2 := strconv.Atoi(os.Args[2])
	progs := os.Args[3:]
	if err1 != nil || err2 != nil || blocks < 1 || runs < 1 {
		fmt.Fprintln(os.Stderr, "alternate: BLOCKS and RUNS are positive numbers")
		os.Exit(2)
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "alternate:", err)
		os.Exit(1)
	}
	errs, err := os.CreateTemp("", "alternate")
	if err != nil {
		fmt.Fprintln(os.Stderr, "alternate:", err)
		os.Exit(1)
	}
	defer os.Remove(errs.Name())
	defer null.Close() // null is used only through its descriptor: keep it from the finalizer
	attr := &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{null.Fd(), null.Fd(), errs.Fd()}}
	// run times one run of p; a run that fails is run again once (the neighbours' tests
	// sometimes make a tool fail for a moment), a second failure stops everything.
	run := func(p string) float64 {
		for try := 1; ; try++ {
			t0 := time.Now()
			pid, err := syscall.ForkExec(p, []string{p}, attr)
			if err != nil {
				fmt.Fprintf(os.Stderr, "alternate: %s: %v\n", p, err)
				os.Exit(1)
			}
			var ws syscall.WaitStatus
			_, err = syscall.Wait4(pid, &ws, 0, nil)
			if err == nil && ws.Exited() && ws.ExitStatus() == 0 {
				return float64(time.Since(t0).Nanoseconds()) / 1e6
			}
			msg, _ := os.ReadFile(errs.Name())
			fmt.Fprintf(os.Stderr, "alternate: %s failed (%v, status %v): %s\n", p, err, ws, msg)
			if try == 2 {
				os.Remove(errs.Name())
				os.Exit(1)
			}
		}
	}
	for range 50 {
		for _, p := range progs {
			run(p)
		}
	}
	all := make([][]float64, len(progs))
	ratios := make([][]float64, len(progs)) // per program, per block: its median / the first's
	for range blocks {
		t := make([][]float64, len(progs))
		for range runs {
			for _, j := range rand.Perm(len(progs)) {
				t[j] = append(t[j], run(progs[j]))
			}
		}
		for j := range progs {
			ratios[j] = append(ratios[j], median(t[j])/median(t[0]))
			all[j] = append(all[j], t[j]...)
		}
	}
	for j, p := range progs {
		below := 0
		for _, r := range ratios[j] {
			if r < 1 {
				below++
			}
		}
		fmt.Printf("%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d/%d\n", p, median(all[j]), median(ratios[j]),
			slices.Min(ratios[j]), slices.Max(ratios[j]), below, blocks)
	}
}
