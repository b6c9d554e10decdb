package livefs

import (
	"context"
	"hash/fnv"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// The FUSE glue: one node type for every path, asking Server what the path is for the
// calling PID. The kernel keeps what a lookup says for an hour (sharedTimeout), except for
// the cpuK folders, which differ between readers (timeouts 0, no negative entries): an open
// of a cached path is then one OPEN request, one READ per chunk and the closing ones. A file's content is rendered at open and kept with the
// open file, which is direct_io: every read(2) reaches the daemon and is served from that
// snapshot, so a reader reading in chunks sees one consistent file, and st_size (0, as in
// /proc) does not cut reads short.

// node is one path of the tree.
type node struct {
	fs.Inode
	srv  *Server
	path string
	kind Kind
}

var (
	_ fs.NodeLookuper  = (*node)(nil)
	_ fs.NodeReaddirer = (*node)(nil)
	_ fs.NodeGetattrer = (*node)(nil)
	_ fs.NodeOpener    = (*node)(nil)
	_ fs.NodeSetattrer = (*node)(nil)
	_ fs.NodeReader    = (*node)(nil)
	_ fs.NodeFlusher   = (*node)(nil)
)

// sharedTimeout is how long the kernel keeps a Shared path's entry and attributes: they
// never change while the filesystem is mounted.
const sharedTimeout = time.Hour

// mountTime is the files' mtime, ctime and atime.
var mountTime = time.Now()

func callerPID(ctx context.Context) int {
	if c, ok := fuse.FromContext(ctx); ok {
		return int(c.Pid)
	}
	return 0
}

func errno(err error) syscall.Errno {
	if e, ok := err.(syscall.Errno); ok {
		return e
	}
	return syscall.EIO
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

func (n *node) fill(a *fuse.Attr) {
	a.Ino = ino(n.path)
	if n.kind == Dir {
		a.Mode = syscall.S_IFDIR | 0o555
		a.Nlink = 2
	} else {
		a.Mode = syscall.S_IFREG | 0o444
		a.Nlink = 1
		a.Size = Size(n.path)
	}
	a.SetTimes(&mountTime, &mountTime, &mountTime)
}

func (n *node) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p := join(n.path, name)
	k, err := n.srv.Lookup(callerPID(ctx), p)
	if err != nil {
		return nil, errno(err)
	}
	child := &node{srv: n.srv, path: p, kind: k}
	child.fill(&out.Attr)
	if Shared(p) {
		out.SetEntryTimeout(sharedTimeout)
		out.SetAttrTimeout(sharedTimeout)
	}
	mode := uint32(syscall.S_IFREG)
	if k == Dir {
		mode = syscall.S_IFDIR
	}
	return n.NewInode(ctx, child, fs.StableAttr{Mode: mode, Ino: ino(p)}), 0
}

func (n *node) Readdir(ctx context.Context) (fs.DirStream, syscall.Errno) {
	list, err := n.srv.List(callerPID(ctx), n.path)
	if err != nil {
		return nil, errno(err)
	}
	out := make([]fuse.DirEntry, 0, len(list))
	for _, e := range list {
		mode := uint32(syscall.S_IFREG)
		if e.Kind == Dir {
			mode = syscall.S_IFDIR
		}
		out = append(out, fuse.DirEntry{Name: e.Name, Mode: mode, Ino: ino(join(n.path, e.Name))})
	}
	return fs.NewListDirStream(out), 0
}

func (n *node) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	n.fill(&out.Attr)
	if Shared(n.path) {
		out.SetTimeout(sharedTimeout)
	}
	return 0
}

// Setattr (chmod, chown, truncate, utimes): the filesystem is read-only.
func (n *node) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	return syscall.EROFS
}

// Flush (sent at every close): ENOSYS tells the kernel not to send it again, one request
// fewer per close of a read-only file.
func (n *node) Flush(ctx context.Context, f fs.FileHandle) syscall.Errno {
	return syscall.ENOSYS
}

// handle is one open file: the content rendered at open.
type handle struct{ b []byte }

func (n *node) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	if flags&syscall.O_ACCMODE != syscall.O_RDONLY || flags&syscall.O_TRUNC != 0 {
		return nil, 0, syscall.EROFS
	}
	b, err := n.srv.Read(callerPID(ctx), n.path)
	if err != nil {
		return nil, 0, errno(err)
	}
	return &handle{b}, fuse.FOPEN_DIRECT_IO, 0
}

func (n *node) Read(ctx context.Context, f fs.FileHandle, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	h, ok := f.(*handle)
	if !ok {
		return nil, syscall.EBADF
	}
	return fuse.ReadResultData(Slice(h.b, off, len(dest))), 0
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

// Mount mounts the filesystem on dir (read-only, allow_other so every container's processes
// may read it; as root with mount(2) directly, no fusermount needed).
func Mount(dir string, srv *Server) (*fuse.Server, error) {
	root := &node{srv: srv, path: "", kind: Dir}
	zero := time.Duration(0)
	return fs.Mount(dir, root, &fs.Options{
		MountOptions: fuse.MountOptions{
			AllowOther:       true,
			FsName:           "cgprocps",
			Name:             "cgprocps",
			DirectMount:      true,
			DirectMountFlags: syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_RDONLY,
			// The mount's root inode is 1 whatever ino says; no readdirplus, so every
			// listing is looked up again per reader.
			DisableReadDirPlus: true,
		},
		EntryTimeout:    &zero,
		AttrTimeout:     &zero,
		NegativeTimeout: &zero,
	})
}
