package livefs

import (
	"bytes"
	"testing"

	"github.com/hanwen/go-fuse/v2/fuse"
)

// Node IDs are a function of the path, so any server understands those the kernel holds:
// each path's ID leads back to it, no two paths share one, and unknown IDs are refused.
func TestNodeIDs(t *testing.T) {
	seen := map[uint64]string{}
	paths := []string{""}
	for dir, names := range folders {
		paths = append(paths, dir)
		for _, n := range names {
			paths = append(paths, join(dir, n))
		}
	}
	for _, k := range []string{"0", "1", "63", "999999"} {
		paths = append(paths, CPUDir+"/cpu"+k)
	}
	for _, p := range paths {
		id := nodeID(p)
		if q, dup := seen[id]; dup && q != p {
			t.Errorf("%q and %q share node ID %d", p, q, id)
		}
		seen[id] = p
		if back, ok := nodePath(id); !ok || back != p {
			t.Errorf("nodePath(nodeID(%q)) = %q, %v", p, back, ok)
		}
	}
	if nodeID("") != 1 {
		t.Errorf("root's node ID %d", nodeID(""))
	}
	for _, id := range []uint64{0, 2, 12345, cpuNode | 1000000, cpuNode | 1<<40} {
		if p, ok := nodePath(id); ok {
			t.Errorf("node ID %#x is %q", id, p)
		}
	}
}

// A file handle is the server's: a second server (a restart) draws others, and renders a
// file again for a read of a handle it does not know.
func TestHandlesAcrossServers(t *testing.T) {
	srv := captureServer(t)
	a, b := NewRawFS(srv), NewRawFS(srv)
	id := nodeID("proc/meminfo")
	in := &fuse.OpenIn{InHeader: fuse.InHeader{NodeId: id, Caller: fuse.Caller{Pid: 1}}}
	var oa, ob fuse.OpenOut
	if st := a.Open(nil, in, &oa); st != fuse.OK {
		t.Fatal(st)
	}
	if st := b.Open(nil, in, &ob); st != fuse.OK {
		t.Fatal(st)
	}
	if oa.Fh == ob.Fh || oa.OpenFlags&fuse.FOPEN_DIRECT_IO == 0 {
		t.Errorf("handles %d and %d, flags %#x", oa.Fh, ob.Fh, oa.OpenFlags)
	}
	want, _ := srv.Read(1, "proc/meminfo")
	buf := make([]byte, 1<<16)
	read := func(r fuse.RawFileSystem, fh uint64, off uint64) []byte {
		t.Helper()
		res, st := r.Read(nil, &fuse.ReadIn{InHeader: fuse.InHeader{NodeId: id, Caller: fuse.Caller{Pid: 1}}, Fh: fh, Offset: off, Size: 100}, buf)
		if st != fuse.OK {
			t.Fatal(st)
		}
		got, _ := res.Bytes(buf)
		return append([]byte(nil), got...)
	}
	if got := read(a, oa.Fh, 0); !bytes.Equal(got, want[:100]) {
		t.Errorf("read of a's own handle: %q", got)
	}
	// b did not open a's handle: it renders the file for the reader.
	if got := read(b, oa.Fh, 100); !bytes.Equal(got, want[100:200]) {
		t.Errorf("read of another server's handle at 100: %q", got)
	}
	// And the other way round, from the start.
	if got := read(a, ob.Fh, 0); !bytes.Equal(got, want[:100]) {
		t.Errorf("read: %q", got)
	}
	a.Release(nil, &fuse.ReleaseIn{Fh: oa.Fh})
	if st := a.Open(nil, &fuse.OpenIn{InHeader: in.InHeader, Flags: 1}, &oa); st != fuse.EROFS {
		t.Errorf("open for writing: %v", st)
	}
}
