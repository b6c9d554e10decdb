package uptime

import (
	"testing"

	"github.com/cgprocps/cgprocps/internal/toolinfo"
)

// The generated man page and completions read uptime's options from its --help text: it must
// describe exactly the getopt tables.
func TestInfoMatchesOptions(t *testing.T) {
	i := Info()
	for _, p := range toolinfo.CheckOptions(i.Options, shortOpts, parserOpts()) {
		t.Error(p)
	}
	if i.Name != "uptime" || i.Description == "" || len(i.Options) != len(parserOpts()) {
		t.Errorf("Info: name %q, %d options for %d long options, description %q", i.Name, len(i.Options), len(longOpts), i.Description)
	}
}
