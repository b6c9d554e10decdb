package livefs

import (
	"crypto/rand"
	"encoding/binary"
	"hash/fnv"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fuse"
)

// The FUSE glue: go-fuse's raw protocol layer over a stateless tree. A request names its
// node by a node ID the kernel got from an earlier LOOKUP; the IDs here are a function of
// the path alone (nodeID), so a server started on a connection another server answered
// before (a restart, an upgrade: supervisor.go) understands every ID the kernel holds.
// The kernel keeps what a lookup says for an hour (sharedTimeout), except for the cpuK
// folders, which differ between readers (timeouts 0, no negative entries).
//
// A file's content is rendered at OPEN and kept with the open file, under a file handle
// drawn from a random start (so a handle of a server that died is never one of this
// server's). The file is direct_io: every read(2) reaches the server and is served from
// that snapshot, so a reader reading in chunks sees one consistent file, and st_size (0, as
// in /proc) does not cut reads short. A READ of a handle this server does not know (it was
// opened before a restart) renders the file again for the reading process.

// sharedTimeout is how long the kernel keeps a Shared path's entry and attributes: they
// never change while the filesystem is mounted.
const sharedTimeout = time.Hour

// mountTime is the files' mtime, ctime and atime.
var mountTime = time.Now()

func errno(err error) fuse.Status {
	if e, ok := err.(syscall.Errno); ok {
		return fuse.Status(e)
	}
	return fuse.EIO
}

// ino is a path's inode number: a hash (the root is 1).
func ino(p string) uint64 {
	if p == "" {
		return 1
	}
	h := fnv.New64a()
	h.Write([]byte(p))
	return h.Sum64() | 2
}

// cpuNode marks the node IDs of the cpuK folders: cpuNode|K.
const cpuNode = 1 << 63

// nodeID is the FUSE node ID (and inode number) of path p: 1 for the root, cpuNode|K for
// CPUDir/cpuK, else ino(p) without its top bit. Only fixed paths and cpuK folders exist.
func nodeID(p string) uint64 {
	if p == "" {
		return 1
	}
	if k, ok := cpuFolder(p); ok {
		return cpuNode | uint64(k)
	}
	return ino(p) &^ cpuNode
}

func cpuFolder(p string) (int, bool) {
	if len(p) <= len(CPUDir)+1 || p[:len(CPUDir)+1] != CPUDir+"/" {
		return 0, false
	}
	return cpuIndex(p[len(CPUDir)+1:])
}

// fixedIDs maps the node ID of every fixed path to the path.
var fixedIDs = func() map[uint64]string {
	m := map[uint64]string{}
	for dir, names := range folders {
		m[nodeID(dir)] = dir
		for _, n := range names {
			m[nodeID(join(dir, n))] = join(dir, n)
		}
	}
	return m
}()

// nodePath is the path of node ID id, with whether it is one.
func nodePath(id uint64) (string, bool) {
	if id&cpuNode != 0 {
		k := id &^ cpuNode
		if k >= 1e6 {
			return "", false
		}
		return join(CPUDir, "cpu"+itoa(k)), true
	}
	p, ok := fixedIDs[id]
	return p, ok
}

func itoa(k uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + k%10)
		k /= 10
		if k == 0 {
			return string(b[i:])
		}
	}
}

func kindOf(p string) Kind {
	if _, ok := folders[p]; ok {
		return Dir
	}
	if _, ok := cpuFolder(p); ok {
		return Dir
	}
	return File
}

func fill(p string, a *fuse.Attr) {
	a.Ino = nodeID(p)
	if kindOf(p) == Dir {
		a.Mode = syscall.S_IFDIR | 0o555
		a.Nlink = 2
	} else {
		a.Mode = syscall.S_IFREG | 0o444
		a.Nlink = 1
		a.Size = Size(p)
	}
	a.SetTimes(&mountTime, &mountTime, &mountTime)
}

// rawFS answers FUSE requests from a Server.
type rawFS struct {
	fuse.RawFileSystem // ENOSYS for what is not below
	srv                *Server

	mu      sync.Mutex
	handles map[uint64]handle
	next    atomic.Uint64
}

// handle is one open file: its node and the content rendered at open.
type handle struct {
	node uint64
	b    []byte
}

// NewRawFS is the filesystem of srv as go-fuse's raw layer serves it.
func NewRawFS(srv *Server) fuse.RawFileSystem {
	r := &rawFS{RawFileSystem: fuse.NewDefaultRawFileSystem(), srv: srv, handles: map[uint64]handle{}}
	var b [8]byte
	rand.Read(b[:])
	r.next.Store(binary.LittleEndian.Uint64(b[:]) >> 1)
	return r
}

func (r *rawFS) String() string { return "cgprocps" }

func (r *rawFS) Lookup(cancel <-chan struct{}, h *fuse.InHeader, name string, out *fuse.EntryOut) fuse.Status {
	dir, ok := nodePath(h.NodeId)
	if !ok {
		return fuse.Status(syscall.ESTALE)
	}
	p := join(dir, name)
	if _, err := r.srv.Lookup(int(h.Pid), p); err != nil {
		return errno(err)
	}
	out.NodeId = nodeID(p)
	fill(p, &out.Attr)
	if Shared(p) {
		out.SetEntryTimeout(sharedTimeout)
		out.SetAttrTimeout(sharedTimeout)
	}
	return fuse.OK
}

func (r *rawFS) Forget(nodeid, nlookup uint64) {}

func (r *rawFS) GetAttr(cancel <-chan struct{}, in *fuse.GetAttrIn, out *fuse.AttrOut) fuse.Status {
	p, ok := nodePath(in.NodeId)
	if !ok {
		return fuse.Status(syscall.ESTALE)
	}
	fill(p, &out.Attr)
	if Shared(p) {
		out.SetTimeout(sharedTimeout)
	}
	return fuse.OK
}

func (r *rawFS) Open(cancel <-chan struct{}, in *fuse.OpenIn, out *fuse.OpenOut) fuse.Status {
	if in.Flags&syscall.O_ACCMODE != syscall.O_RDONLY || in.Flags&syscall.O_TRUNC != 0 {
		return fuse.EROFS
	}
	p, ok := nodePath(in.NodeId)
	if !ok {
		return fuse.Status(syscall.ESTALE)
	}
	b, err := r.srv.Read(int(in.Pid), p)
	if err != nil {
		return errno(err)
	}
	fh := r.next.Add(1)
	r.mu.Lock()
	r.handles[fh] = handle{in.NodeId, b}
	r.mu.Unlock()
	out.Fh = fh
	out.OpenFlags = fuse.FOPEN_DIRECT_IO
	return fuse.OK
}

func (r *rawFS) Read(cancel <-chan struct{}, in *fuse.ReadIn, buf []byte) (fuse.ReadResult, fuse.Status) {
	r.mu.Lock()
	h, ok := r.handles[in.Fh]
	r.mu.Unlock()
	if !ok || h.node != in.NodeId {
		// Opened before this server started: render it again for this reader.
		p, ok := nodePath(in.NodeId)
		if !ok {
			return nil, fuse.Status(syscall.ESTALE)
		}
		b, err := r.srv.Read(int(in.Pid), p)
		if err != nil {
			return nil, errno(err)
		}
		h = handle{in.NodeId, b}
		r.mu.Lock()
		r.handles[in.Fh] = h
		r.mu.Unlock()
	}
	return fuse.ReadResultData(Slice(h.b, int64(in.Offset), int(in.Size))), fuse.OK
}

func (r *rawFS) Release(cancel <-chan struct{}, in *fuse.ReleaseIn) {
	r.mu.Lock()
	delete(r.handles, in.Fh)
	r.mu.Unlock()
}

// Flush (sent at every close): ENOSYS tells the kernel not to send it again, one request
// fewer per close of a read-only file.
func (r *rawFS) Flush(cancel <-chan struct{}, in *fuse.FlushIn) fuse.Status { return fuse.ENOSYS }

func (r *rawFS) OpenDir(cancel <-chan struct{}, in *fuse.OpenIn, out *fuse.OpenOut) fuse.Status {
	p, ok := nodePath(in.NodeId)
	if !ok {
		return fuse.Status(syscall.ESTALE)
	}
	if kindOf(p) != Dir {
		return fuse.ENOTDIR
	}
	return fuse.OK
}

// ReadDir lists the folder at each call (the cpu folder differs between readers), with
// "." and "..".
func (r *rawFS) ReadDir(cancel <-chan struct{}, in *fuse.ReadIn, out *fuse.DirEntryList) fuse.Status {
	p, ok := nodePath(in.NodeId)
	if !ok {
		return fuse.Status(syscall.ESTALE)
	}
	list, err := r.srv.List(int(in.Pid), p)
	if err != nil {
		return errno(err)
	}
	parent := uint64(1)
	if i := lastSlash(p); i >= 0 {
		parent = nodeID(p[:i])
	}
	ents := []fuse.DirEntry{{Name: ".", Mode: syscall.S_IFDIR, Ino: nodeID(p)}, {Name: "..", Mode: syscall.S_IFDIR, Ino: parent}}
	for _, e := range list {
		mode := uint32(syscall.S_IFREG)
		if e.Kind == Dir {
			mode = syscall.S_IFDIR
		}
		ents = append(ents, fuse.DirEntry{Name: e.Name, Mode: mode, Ino: nodeID(join(p, e.Name))})
	}
	for i := int(in.Offset); i < len(ents); i++ {
		ents[i].Off = uint64(i + 1)
		if !out.AddDirEntry(ents[i]) {
			break
		}
	}
	return fuse.OK
}

func lastSlash(p string) int {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return i
		}
	}
	return -1
}

func (r *rawFS) ReleaseDir(in *fuse.ReleaseIn) {}

func (r *rawFS) StatFs(cancel <-chan struct{}, h *fuse.InHeader, out *fuse.StatfsOut) fuse.Status {
	out.Bsize = 4096
	out.Frsize = 4096
	out.NameLen = 255
	return fuse.OK
}

// The filesystem is read-only (the mount is ro; the handlers say the same if it is not).

func (r *rawFS) SetAttr(cancel <-chan struct{}, in *fuse.SetAttrIn, out *fuse.AttrOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Mknod(cancel <-chan struct{}, in *fuse.MknodIn, name string, out *fuse.EntryOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Mkdir(cancel <-chan struct{}, in *fuse.MkdirIn, name string, out *fuse.EntryOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Unlink(cancel <-chan struct{}, h *fuse.InHeader, name string) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Rmdir(cancel <-chan struct{}, h *fuse.InHeader, name string) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Rename(cancel <-chan struct{}, in *fuse.RenameIn, o, n string) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Link(cancel <-chan struct{}, in *fuse.LinkIn, name string, out *fuse.EntryOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Symlink(cancel <-chan struct{}, h *fuse.InHeader, to, name string, out *fuse.EntryOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Create(cancel <-chan struct{}, in *fuse.CreateIn, name string, out *fuse.CreateOut) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) Write(cancel <-chan struct{}, in *fuse.WriteIn, data []byte) (uint32, fuse.Status) {
	return 0, fuse.EROFS
}
func (r *rawFS) SetXAttr(cancel <-chan struct{}, in *fuse.SetXAttrIn, attr string, data []byte) fuse.Status {
	return fuse.EROFS
}
func (r *rawFS) RemoveXAttr(cancel <-chan struct{}, h *fuse.InHeader, attr string) fuse.Status {
	return fuse.EROFS
}

// Slice is the part of b a read of size bytes at offset off returns: empty past the end
// (a huge or negative offset is EOF).
func Slice(b []byte, off int64, size int) []byte {
	if off < 0 || off >= int64(len(b)) || size <= 0 {
		return nil
	}
	end := int64(len(b))
	if int64(size) < end-off {
		end = off + int64(size)
	}
	return b[off:end]
}

// mountOptions are the options the server negotiates at INIT; the mount itself is the
// supervisor's (MountFD).
var mountOptions = fuse.MountOptions{
	FsName: "cgprocps",
	Name:   "cgprocps",
	// No readdirplus: every listing is looked up again per reader.
	DisableReadDirPlus: true,
	MaxWrite:           maxWrite,
}

// maxWrite is also the mount's max_read.
const maxWrite = 128 << 10

// Serve serves srv on the connection f (the supervisor's end of it: a socket that carries
// the FUSE requests and replies, INIT first) until it closes.
func Serve(f *os.File, srv *Server) error {
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		return err
	}
	o := mountOptions
	s, err := fuse.NewServer(NewRawFS(srv), "/dev/fd/"+itoa(uint64(fd)), &o)
	if err != nil {
		return err
	}
	s.Serve()
	return nil
}
