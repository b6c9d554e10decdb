package top

import (
	"io"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
)

// interactive would run the full-screen top on the terminal layer (internal/tui). Until
// that lands, the frames are those of batch mode and the keys are the Settings methods.
func interactive(stdout, stderr io.Writer, prog string, vo cgview.Options, s *Settings, ro runOpts) int {
	return cli.Errorf(stderr, prog, "interactive mode is not available yet; use -b (batch mode)")
}
