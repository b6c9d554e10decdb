package diff

import (
	"bytes"
	"testing"

	"github.com/cgprocps/cgprocps/tool/top"
)

// top's bad command lines: the first stderr line, the exit status (top exits 0 after a getopt
// message) and whether stdout is empty, against /usr/bin/top. Runs that succeed are batch
// runs of one frame. HOME points nowhere so no rc file changes the real one.
func TestTopErrorsVsReal(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("COLUMNS", "")
	cases := [][]string{
		{"-v"}, {"-x"}, {"-b", "-x"}, {"-bx"}, {"--foo"}, {"--foo=1"}, {"-n"}, {"-d"}, {"-p"},
		{"-n", "0"}, {"-n", "x"}, {"-n", "1.5"}, {"-n", "-1"}, {"-n", "2147483647"}, {"-n", " 1x"},
		{"-d", "-1"}, {"-d", "x"}, {"-d", "1x"}, {"-d", "1,5x"}, {"-d", "1.2.3"},
		{"-b", "foo"}, {"-b", "-n", "1", "extra"}, {"-bn1", "extra"}, {"-c", "x"}, {"-H", "1"},
		{"-E", "x"}, {"-E", "kk"}, {"-E", ""}, {"-e", "e"}, {"-e", "E"}, {"-o", "FOO"}, {"-o", "+"},
		{"-o", "pid"}, {"-p", "1", "-u", "root"}, {"-u", "root", "-p", "1"}, {"-u", "root", "-U", "root"},
		{"-u", "nosuchuser"}, {"-U", "!nosuchuser"}, {"-p", "x"}, {"-p", "1,x"}, {"-p", "-1"}, {"-p", "1.0"},
		{"-p", "+1"}, {"-p", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21"},
		{"-w", "2"}, {"-w", "513"}, {"-w", "x"}, {"-b", "-w", "2"}, {"-s", "-d", "1"}, {"-d", "1", "-s"},
		{"-d="}, {"-d=", "1"}, {"--delay="}, {"--delay"}, {"--iter=0"}, {"--wid=5"}, {"--s"}, {"--sc=k"},
		{"-"}, {"--", "foo"}, {"-b", "--", "x"}, {"-n1", "-b", "-:"},
		// not batch, stdin not a terminal
		{"-n", "1"}, {"-w", "5"},
		// these succeed
		{"-V"}, {"-V", "x"}, {"-h"}, {"-O"}, {"-b", "-n", "1"}, {"-bn1", "-w"}, {"-bn1", "-w", "100"},
		{"-bn1", "-w100"}, {"-bn1", "--width=90"}, {"-bn", "1", "-d", "0"}, {"-bn1", "-d", ".5"},
		{"-bn1", "-d", "0,5"}, {"-bn1", "-E", "G"}, {"-bn1", "-e", "p"}, {"-bn1", "-o", "-%MEM"},
		{"-bn1", "-o", "+PID"}, {"-bn1", "-p", "0"}, {"-bn1", "-p", "1,1"}, {"-bn1", "-p", "1,"},
		{"-bn1", "-p", " 1"}, {"-bn1", "-u", "0"}, {"-bn1", "-u", "root"}, {"-bn1", "-U", "!root"},
		{"-bn1", "-u", "123456"}, {"-bn1", "-n", "0x1"}, {"-b1cHiSs", "-n", "1"}, {"-b", "-n=1"},
		{"-b", "--iterations", "1"}, {"-b", "--iter=1"}, {"-bn1", "-d="},
		{"-bn1", "-p", "99999999999999999999"}, {"-bn1", "-p", "4294967296"},
		{"-bn1", "-u", "0x8000000000000001"}, {"-bn1", "-u", "-1"},
	}
	compareErrors(t, "/usr/bin/top", func(a string, args []string, o, e *bytes.Buffer) int {
		return top.Main(a, args, o, e)
	}, cases)
}
