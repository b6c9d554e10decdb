package df

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContainerID: --container-id resolves the ID in the cgroup hierarchy and lists the mount
// table of the container's first process, as --cgroup of its folder does; an unknown ID, an
// empty container and a gone --pid are one-line errors in the other tools' words.
func TestContainerID(t *testing.T) {
	const id = "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc"
	root := t.TempDir()
	files := map[string]string{
		"proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n" +
			"30 1 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n",
		"proc/self/cgroup": "0::/user.slice\n",
		"sys/fs/cgroup/system.slice/docker-" + id + ".scope/cgroup.procs":       "7\n",
		"sys/fs/cgroup/system.slice/docker-0123456789abcdef.scope/cgroup.procs": "",
		"proc/7/stat": "7 (sh) S 1 7 7 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 100 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
		"proc/7/mountinfo": "1 0 8:1 / / rw - ext4 /dev/inthecontainer rw\n" +
			"2 1 0:5 / /dev rw - devtmpfs devtmpfs rw\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/", filepath.Join(root, "proc/7/root")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CGPROCPS_ROOT", root)
	tests := []struct {
		args         []string
		code         int
		stdout, errs string
	}{
		{[]string{"--container-id", id[:8]}, 0, "Filesystem          Mounted on\n/dev/inthecontainer /\ndevtmpfs            /dev\n", ""},
		{[]string{"--container-id=" + id, "--host"}, 0, "Filesystem          Mounted on\n/dev/inthecontainer /\ndevtmpfs            /dev\n", ""},
		{[]string{"--cgroup", "/system.slice/docker-" + id + ".scope"}, 0, "Filesystem          Mounted on\n/dev/inthecontainer /\ndevtmpfs            /dev\n", ""},
		{[]string{"--container-id", "ffff"}, 1, "", "df: container ffff: no such container\n"},
		{[]string{"--container-id", "0123456789ab"}, 1, "", "df: --container-id 0123456789ab: no process in that container\n"},
		{[]string{"--pid", "8"}, 1, "", "df: process 8: no such process\n"},
	}
	for _, tc := range tests {
		var o, e strings.Builder
		code := Main("df", append([]string{"-a", "--output=source,target"}, tc.args...), &o, &e)
		if code != tc.code || o.String() != tc.stdout || e.String() != tc.errs {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, %q, %q", tc.args, code, o.String(), e.String(), tc.code, tc.stdout, tc.errs)
		}
	}
}
