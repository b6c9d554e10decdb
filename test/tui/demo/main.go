// Command demo is a tiny tui.App for the end-to-end tests in test/tui: it shows its size, a
// frame counter, the last key and the last prompt answers, and has top-like commands:
//
//	q       quit                       k   two prompts, as top's kill (PID, then signal)
//	p       panic inside Key           P   panic inside the next Render
//	m       an error message           d   prompt for a new delay in seconds
//
// Flags: -pidfile FILE (write the pid there once the screen is up), -delay SECONDS (default
// 3600: frames come only from keys, signals and resizes, so tests see no spurious refresh),
// -alt (use the alternate screen), -n N (end after N frames, as top -n). Exit status: 0 after q or a terminating signal, 1 on a
// Run error, 2 on a panic (Go's).
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/tui"
)

type demo struct {
	frames     int
	last       string
	answer     string
	delay      time.Duration
	pidfile    string
	panicDraw  bool
	wrotePid   bool
	iterations int // -n: end after this many frames (0: no limit)
	width, hgt int
}

func (d *demo) Render(w, h int) []byte {
	if d.panicDraw {
		panic("demo: panic in Render")
	}
	d.frames++
	d.width, d.hgt = w, h
	var b strings.Builder
	fmt.Fprintf(&b, "demo size %dx%d frame %d\n", w, h, d.frames)
	fmt.Fprintf(&b, "last key: %s\n", d.last)
	fmt.Fprintf(&b, "answer: %s\n", d.answer)
	b.WriteString("\n") // row 3: the message line
	b.WriteString("\033[7m  ROW HEADER\033(B\033[m\n")
	for r := 5; r < h-1; r++ {
		fmt.Fprintf(&b, "row %d\n", r+1)
	}
	if h > 5 {
		fmt.Fprintf(&b, "last row %d", h)
	}
	if !d.wrotePid && d.pidfile != "" {
		// Written after the first frame is built; the frame is on screen right after.
		d.wrotePid = true
		defer os.WriteFile(d.pidfile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	return []byte(b.String())
}

func (d *demo) MessageRow() int { return 3 }

func (d *demo) Finished() bool { return d.iterations > 0 && d.frames >= d.iterations }

func (d *demo) Delay() time.Duration { return d.delay }

func (d *demo) Key(k tui.Key, p tui.Prompter) bool {
	d.last = k.String()
	switch k {
	case 'q':
		return true
	case 'p':
		panic("demo: panic in Key")
	case 'P':
		d.panicDraw = true
	case 'm':
		p.Message("Unknown command - try 'h' for help")
	case 'k':
		pid, ok := p.Prompt("PID to signal/kill [default pid = 1]")
		if !ok {
			d.answer = "kill cancelled"
			return false
		}
		if pid == "" {
			pid = "1"
		}
		sig, ok := p.Prompt("Send pid " + pid + " signal [15/sigterm]")
		if !ok {
			d.answer = "kill cancelled"
			return false
		}
		if sig == "" {
			sig = "15"
		}
		d.answer = "kill pid=" + pid + " sig=" + sig
	case 'd':
		s, ok := p.Prompt(fmt.Sprintf("Change delay from %.1f to", d.delay.Seconds()))
		if ok && s != "" {
			if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 {
				d.delay = time.Duration(f * float64(time.Second))
			} else {
				p.Message(" Unacceptable floating point ")
			}
		}
		d.answer = "delay " + d.delay.String()
	}
	return false
}

func main() {
	pidfile := flag.String("pidfile", "", "write the pid to this file")
	delay := flag.Float64("delay", 3600, "refresh delay in seconds")
	alt := flag.Bool("alt", false, "use the alternate screen")
	n := flag.Int("n", 0, "end after this many frames")
	flag.Parse()
	d := &demo{delay: time.Duration(*delay * float64(time.Second)), pidfile: *pidfile, iterations: *n}
	err := tui.Run(d, &tui.Options{AltScreen: *alt})
	if se, ok := err.(*tui.SignalError); ok {
		fmt.Printf("demo: ended by %v\n", se.Signal)
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	fmt.Println("demo: quit")
}
