package df

import (
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// devList is one entry of the duplicate filter's device table.
type devList struct {
	dev      uint64
	me       *mountEntry
	seenLast *devList // for the first entry of a device: the latest one with that device
}

// devTable maps a device to the first devList inserted for it.
type devTable map[uint64]*devList

func (t devTable) lookup(dev uint64) *devList {
	if t == nil {
		return nil
	}
	if f := t[dev]; f != nil {
		return f.seenLast
	}
	return nil
}

// filterMounts is coreutils' filter_mount_list: drop all but one mount of each device (the
// one with a '/' in its source, else the one nearer the root, else an over-mount at the same
// place), keeping the winner at the place of the first. With devicesOnly (-a) only the table
// is built and every mount stays.
func (d *run) filterMounts(devicesOnly bool) {
	table := devTable{}
	var kept []*devList
	for _, me := range d.mounts {
		var dev uint64
		var discard *mountEntry
		stDev, _, err := d.sys.stat(me.dir)
		if (me.remote && d.o.showLocal) || (me.dummy && !d.o.showAll && !d.showListed) ||
			!d.selected(me.fstype, true) || d.excluded(me.fstype, true) || err != nil {
			dev = me.dev
		} else {
			dev = stDev
			if seen := table.lookup(dev); seen != nil {
				targetNearerRoot := len(seen.me.dir) > len(me.dir)
				sourceBelowRoot := len(seen.me.root) < len(me.root)
				switch {
				case !d.o.total && me.remote && seen.me.remote && seen.me.devname != me.devname:
					// Remote mounts of different exports both stay.
				case (strings.IndexByte(me.devname, '/') >= 0 && strings.IndexByte(seen.me.devname, '/') < 0) ||
					(targetNearerRoot && !sourceBelowRoot) ||
					(seen.me.devname != me.devname && me.dir == seen.me.dir):
					discard = seen.me
					seen.me = me
				default:
					discard = me
				}
			}
		}
		if discard != nil {
			continue
		}
		dl := &devList{dev: dev, me: me}
		kept = append(kept, dl)
		first := table[dev]
		if first == nil {
			table[dev] = dl
			first = dl
		}
		first.seenLast = dl
	}
	if !devicesOnly {
		list := make([]*mountEntry, 0, len(kept))
		for _, dl := range kept {
			list = append(list, dl.me)
		}
		d.mounts = list
		d.devs = nil
	} else {
		d.devs = &table
	}
}

func (d *run) getAllEntries() {
	if d.o.hideFiles {
		// Before the duplicate filter, so that a file mount never stands for a device that
		// a directory mount also shows.
		list := d.mounts[:0:0]
		for _, me := range d.mounts {
			if !d.isFileMount(me) {
				list = append(list, me)
			}
		}
		d.mounts = list
	}
	d.filterMounts(d.o.showAll)
	for _, me := range d.mounts {
		d.getDevT(me.devname, me.dir, "", "", me.fstype, true, me.dummy, me.remote, nil, true, me)
	}
}

// isFileMount: the mount point is not a directory (a single-file bind mount such as Docker's
// /etc/hosts, /etc/hostname, /etc/resolv.conf or Kubernetes' /dev/termination-log).
func (d *run) isFileMount(me *mountEntry) bool {
	_, mode, err := d.sys.stat(me.dir)
	return err == nil && !isDir(mode)
}

// knownValue: coreutils treats the two largest values as "unknown".
func knownValue(n uint64) bool { return n < ^uint64(0)-1 }

// values are the block or inode numbers of one row.
type values struct {
	inputUnits, outputUnits uint64
	total, available        uint64
	negAvailable            bool
	availableToRoot         uint64
	used                    uint64
	negUsed                 bool
}

func fieldValues(u *fsUsage, outBlock uint64) (bv, iv values) {
	iv.inputUnits, iv.outputUnits = 1, 1
	iv.total = u.files
	iv.available, iv.availableToRoot = u.ffree, u.ffree
	iv.used = ^uint64(0)
	if knownValue(iv.total) && knownValue(iv.availableToRoot) {
		iv.used = iv.total - iv.availableToRoot
		iv.negUsed = iv.total < iv.availableToRoot
	}
	bv.inputUnits, bv.outputUnits = u.blocksize, outBlock
	bv.total = u.blocks
	bv.available = u.bavail
	bv.availableToRoot = u.bfree
	bv.negAvailable = u.bavailNeg && knownValue(u.bavail)
	bv.used = ^uint64(0)
	if knownValue(bv.total) && knownValue(bv.availableToRoot) {
		bv.used = bv.total - bv.availableToRoot
		bv.negUsed = bv.total < bv.availableToRoot
	}
	return
}

// addNeg adds a signed (two's complement with a flag) value to another: add_uint_with_neg_flag.
func addNeg(dest *uint64, destNeg *bool, src uint64, srcNeg bool) {
	if *destNeg == srcNeg {
		*dest += src
		return
	}
	if *destNeg {
		*dest = -*dest
	}
	if srcNeg {
		src = -src
	}
	if src < *dest {
		*dest -= src
	} else {
		*dest = src - *dest
		*destNeg = srcNeg
	}
	if *destNeg {
		*dest = -*dest
	}
}

func (d *run) addToGrandTotal(bv, iv *values) {
	g := &d.grand
	if knownValue(iv.total) {
		g.files += iv.total
	}
	if knownValue(iv.available) {
		g.ffree += iv.available
	}
	// A row with a known size but an unknown usage (only the ephemeral-storage row can be
	// one; statfs gives all or nothing) adds nothing to the block sums, so the total stays
	// the sum of rows whose numbers are all known.
	if !knownValue(bv.availableToRoot) {
		return
	}
	if knownValue(bv.total) {
		g.blocks += bv.inputUnits * bv.total
	}
	g.bfree += bv.inputUnits * bv.availableToRoot
	if knownValue(bv.available) {
		addNeg(&g.bavail, &g.bavailNeg, bv.inputUnits*bv.available, bv.negAvailable)
	}
}

func (d *run) readable(neg bool, n uint64, in, out uint64) string {
	if !knownValue(n) && !neg {
		return "-"
	}
	if neg {
		return "-" + formatHuman(-n, d.o.outOpts, in, out)
	}
	return formatHuman(n, d.o.outOpts, in, out)
}

// percent is the Use% cell: used / (used + available), rounded up.
func percent(v *values) string {
	pct := -1.0
	if !knownValue(v.used) || !knownValue(v.available) {
	} else if !v.negUsed && v.used <= ^uint64(0)/100 && v.used+v.available != 0 &&
		(v.used+v.available < v.used) == v.negAvailable {
		u100 := v.used * 100
		total := v.used + v.available
		q := u100 / total
		if u100%total != 0 {
			q++
		}
		return strconv.FormatUint(q, 10) + "%"
	} else {
		u := float64(v.used)
		if v.negUsed {
			u = -float64(-v.used)
		}
		a := float64(v.available)
		if v.negAvailable {
			a = -float64(-v.available)
		}
		total := u + a
		if total != 0 {
			pct = u * 100 / total
			li := float64(int64(pct))
			if li-1 < pct && pct <= li+1 {
				if li < pct {
					pct = li + 1
				} else {
					pct = li
				}
			}
		}
	}
	if 0 <= pct {
		return strconv.FormatFloat(pct, 'f', 0, 64) + "%"
	}
	return "-"
}

// hasUUIDSuffix: the name ends in something shaped like a 36-character UUID.
func hasUUIDSuffix(s string) bool {
	if len(s) <= 36 {
		return false
	}
	for _, c := range []byte(s[len(s)-36:]) {
		if !(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
			return false
		}
	}
	return true
}

// getDevT is coreutils' get_dev: one row for the filesystem mounted at mountPoint (statted
// through statFile when given), unless the options leave it out. typeKnown false is the C
// code's NULL type; force is the grand total's usage.
func (d *run) getDevT(device, mountPoint, file, statFile, fstype string, typeKnown, dummy, remote bool, force *fsUsage, processAll bool, me *mountEntry) {
	if remote && d.o.showLocal {
		return
	}
	if dummy && !d.o.showAll && !d.showListed {
		return
	}
	if !d.selected(fstype, typeKnown) || d.excluded(fstype, typeKnown) {
		return
	}
	if force == nil && mountPoint != "" && !strings.HasPrefix(mountPoint, "/") {
		return
	}
	if statFile == "" {
		statFile = mountPoint
		if statFile == "" {
			statFile = device
		}
	}
	var u fsUsage
	if force != nil {
		u = *force
	} else {
		var err error
		u, err = d.sys.statfs(statFile)
		if err != nil {
			if processAll && (err == syscall.EACCES || err == syscall.ENOENT) {
				if !d.o.showAll {
					return
				}
				fstype, typeKnown = "-", true
				u = unknownUsage
			} else {
				d.errorf(quotef(statFile, d.utf) + ": " + strerror(err))
				d.status = 1
				return
			}
		} else if processAll && d.o.showAll {
			// An over-mounted directory: its statfs is another filesystem's.
			if dev, _, err := d.sys.stat(statFile); err == nil && d.devs != nil {
				if dl := d.devs.lookup(dev); dl != nil && dl.me.devname != device && (!dl.me.remote || !remote) {
					fstype, typeKnown = "-", true
					u = unknownUsage
				}
			}
		}
	}
	if d.o.ephemeralLimit != 0 && force == nil && mountPoint == "/" && u.fromStatfs && me != nil {
		u = d.ephemeralUsage(me, u)
	}
	if u.blocks == 0 && !d.o.showAll && !d.showListed {
		return
	}
	if force == nil {
		d.processed = true
	}
	if device == "" {
		device = "-"
	}
	if file == "" {
		file = "-"
	}
	devName := device
	if processAll && hasUUIDSuffix(devName) {
		if r, ok := d.sys.realpath(devName); ok {
			devName = r
		}
	}
	if !typeKnown {
		fstype = "-"
	}
	bv, iv := fieldValues(&u, d.o.blockSize)
	if d.o.total && force == nil {
		d.addToGrandTotal(&bv, &iv)
	}
	row := make([]string, len(d.t.cols))
	for i, c := range d.t.cols {
		var v *values
		switch c.kind {
		case kindBlock:
			v = &bv
		case kindInode:
			v = &iv
		}
		switch c.id {
		case fSource:
			row[i] = devName
		case fFstype:
			row[i] = fstype
		case fSize, fItotal:
			row[i] = d.readable(false, v.total, v.inputUnits, v.outputUnits)
		case fUsed, fIused:
			row[i] = d.readable(v.negUsed, v.used, v.inputUnits, v.outputUnits)
		case fAvail, fIavail:
			row[i] = d.readable(v.negAvailable, v.available, v.inputUnits, v.outputUnits)
		case fPcent, fIpcent:
			row[i] = percent(v)
		case fFile:
			row[i] = file
		case fTarget:
			row[i] = mountPoint
		}
	}
	d.t.add(row)
}

// lastDeviceForMount: the (canonical) source of the last mount at dir, "" if none.
func (d *run) lastDeviceForMount(dir string) (string, bool) {
	var le *mountEntry
	for _, me := range d.mounts {
		if me.dir == dir {
			le = me
		}
	}
	if le == nil {
		return "", false
	}
	if c, ok := d.sys.realpath(le.devname); ok && strings.HasPrefix(c, "/") {
		return c, true
	}
	return le.devname, true
}

// getDevice is coreutils' get_device: a device operand shows the filesystem mounted from
// it (the shortest accessible mount point), or says it is over-mounted.
func (d *run) getDevice(device string) bool {
	file := device
	if r, ok := d.sys.realpath(device); ok && strings.HasPrefix(r, "/") {
		device = r
	}
	var best *mountEntry
	bestAccessible := false
	eclipsed := false
	bestLen := int(^uint(0) >> 1)
	for _, me := range d.mounts {
		devname := me.devname
		if c, ok := d.sys.realpath(me.devname); ok && strings.HasPrefix(c, "/") {
			devname = c
		}
		if device != devname {
			continue
		}
		last, ok := d.lastDeviceForMount(me.dir)
		eclipsed = ok && last != devname
		l := len(me.dir)
		if !eclipsed && (!bestAccessible || l < bestLen) {
			thisAccessible := false
			if _, _, err := d.sys.stat(me.dir); err == nil {
				bestAccessible, thisAccessible = true, true
			}
			if thisAccessible || (!bestAccessible && l < bestLen) {
				best = me
				if l == 1 {
					break
				}
				bestLen = l
			}
		}
	}
	if best != nil {
		d.getDevT(best.devname, best.dir, file, "", best.fstype, true, best.dummy, best.remote, nil, false, best)
		return true
	}
	if eclipsed {
		d.errorf("cannot access " + quoteaf(file, d.utf) + ": over-mounted by another device")
		d.status = 1
		return true
	}
	return false
}

// quoteaf is gnulib's quoteaf: shell-escape quoting, always quoted.
func quoteaf(s string, utf bool) string {
	q := quotef(s, utf)
	if q == s {
		return "'" + s + "'"
	}
	return q
}

// getPoint is coreutils' get_point: the filesystem that holds the operand point.
func (d *run) getPoint(point string, stDev uint64) {
	var best *mountEntry
	if resolved, ok := d.sys.realpath(point); ok && strings.HasPrefix(resolved, "/") {
		bestLen := 0
		for _, me := range d.mounts {
			if me.fstype == "lofs" || !(best == nil || best.dummy || !me.dummy) {
				continue
			}
			l := len(me.dir)
			if bestLen <= l && l <= len(resolved) &&
				(l == 1 || ((l == len(resolved) || resolved[l] == '/') && me.dir == resolved[:l])) {
				best = me
				bestLen = l
			}
		}
	}
	if best != nil {
		if dev, _, err := d.sys.stat(best.dir); err != nil || dev != stDev {
			best = nil
		}
	}
	if best == nil {
		for _, me := range d.mounts {
			if me.devUnusable {
				continue
			}
			if stDev == me.dev && me.fstype != "lofs" && (best == nil || best.dummy || !me.dummy) {
				if dev, _, err := d.sys.stat(me.dir); err != nil || dev != me.dev {
					me.devUnusable = true
				} else {
					best = me
				}
			}
		}
	}
	if best != nil {
		d.getDevT(best.devname, best.dir, point, point, best.fstype, true, best.dummy, best.remote, nil, false, best)
		return
	}
	if mp, ok := d.findMountPoint(point); ok {
		d.getDevT("", mp, point, "", "", false, false, false, nil, false, nil)
	}
}

// findMountPoint: the topmost directory above point on the same device.
func (d *run) findMountPoint(point string) (string, bool) {
	dir := point
	dev, mode, err := d.sys.stat(point)
	if err != nil {
		return "", false
	}
	if !isDir(mode) {
		dir = filepath.Dir(point)
	}
	abs, ok := d.sys.realpath(dir)
	if !ok {
		return "", false
	}
	for abs != "/" {
		parent := filepath.Dir(abs)
		pdev, _, err := d.sys.stat(parent)
		if err != nil || pdev != dev {
			break
		}
		abs = parent
	}
	return abs, true
}

func (d *run) getEntry(name string, dev uint64, mode uint32) {
	if isDevice(mode) && d.getDevice(name) {
		return
	}
	d.getPoint(name, dev)
}
