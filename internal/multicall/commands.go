package multicall

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/cgview"
)

// viewFlags parses the container options the suite's own commands take (--host,
// --container, --cgroup PATH, --pid PID) and returns the remaining words.
func viewFlags(cmd string, args []string, stderr io.Writer) (cgview.Options, []string, bool) {
	o := cgview.Options{Prog: "cgprocps " + cmd, Warn: stderr}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() (string, bool) {
			if k, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(k, "--") {
				return v, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			fmt.Fprintf(stderr, "cgprocps %s: option '%s' requires an argument\n", cmd, a)
			return "", false
		}
		name, _, _ := strings.Cut(a, "=")
		switch name {
		case "--host":
			o.Mode = cgview.ModeHost
		case "--container":
			o.Mode = cgview.ModeContainer
		case "--cgroup":
			v, ok := val()
			if !ok {
				return o, nil, false
			}
			o.Cgroup = v
		case "--pid":
			v, ok := val()
			if !ok {
				return o, nil, false
			}
			pid, err := strconv.Atoi(v)
			if err != nil || pid <= 0 {
				fmt.Fprintf(stderr, "cgprocps %s: invalid PID '%s'\n", cmd, v)
				return o, nil, false
			}
			o.PID = pid
		default:
			if strings.HasPrefix(a, "-") && len(a) > 1 {
				rest = append(rest, a) // the command's own option
				continue
			}
			rest = append(rest, a)
		}
	}
	return o, rest, true
}

// procfsMain: cgprocps procfs [--host|--container|--cgroup P|--pid N] DIR
func procfsMain(args []string, stdout, stderr io.Writer) int {
	o, rest, ok := viewFlags("procfs", args, stderr)
	if !ok {
		return 1
	}
	if len(rest) != 1 || strings.HasPrefix(rest[0], "-") {
		fmt.Fprintln(stderr, "Usage: cgprocps procfs [--host|--container] [--cgroup PATH|--pid PID] DIR")
		return 1
	}
	v, err := cgview.Open(o)
	if err != nil {
		fmt.Fprintf(stderr, "cgprocps procfs: %v\n", err)
		return 1
	}
	if err := v.WriteProcfs(rest[0]); err != nil {
		fmt.Fprintf(stderr, "cgprocps procfs: %v\n", err)
		return 1
	}
	return 0
}

// loadavgdMain: cgprocps loadavgd [--state-dir DIR] [--once] [--cgroup P|--pid N]
// samples the cgroup's R+D threads every 5 s into the load state file (foreground).
func loadavgdMain(args []string, stdout, stderr io.Writer) int {
	o, rest, ok := viewFlags("loadavgd", args, stderr)
	if !ok {
		return 1
	}
	o.Mode = cgview.ModeContainer
	once := false
	stateDir := ""
	for i := 0; i < len(rest); i++ {
		switch a := rest[i]; {
		case a == "--once":
			once = true
		case a == "--state-dir" && i+1 < len(rest):
			i++
			stateDir = rest[i]
		case strings.HasPrefix(a, "--state-dir="):
			stateDir = strings.TrimPrefix(a, "--state-dir=")
		default:
			fmt.Fprintf(stderr, "cgprocps loadavgd: unexpected argument '%s'\n", a)
			fmt.Fprintln(stderr, "Usage: cgprocps loadavgd [--state-dir DIR] [--once] [--cgroup PATH|--pid PID]")
			return 1
		}
	}
	if stateDir == "" {
		stateDir = defaultStateDir()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cgview.RunSampler(ctx, o, stateDir, once)
	if err != nil {
		fmt.Fprintf(stderr, "cgprocps loadavgd: %v\n", err)
		return 1
	}
	return 0
}

// defaultStateDir is the first writable folder of cgview.LoadStateDirs.
func defaultStateDir() string {
	for _, d := range cgview.LoadStateDirs() {
		if err := os.MkdirAll(d, 0o755); err == nil {
			if f, err := os.CreateTemp(d, ".probe"); err == nil {
				f.Close()
				os.Remove(f.Name())
				return d
			}
		}
	}
	return filepath.Join(os.TempDir(), "cgprocps-"+strconv.Itoa(os.Getuid()))
}
