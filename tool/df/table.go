package df

import (
	"bufio"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field identifiers (coreutils' display_field_t order).
const (
	fSource = iota
	fFstype
	fSize
	fUsed
	fAvail
	fPcent
	fItotal
	fIused
	fIavail
	fIpcent
	fTarget
	fFile
	numFields
)

type fieldKind int

const (
	kindBlock fieldKind = iota
	kindInode
	kindOther
)

// field is one column: its --output name, header, minimum width and alignment.
type field struct {
	id       int
	arg      string
	kind     fieldKind
	caption  string
	minWidth int
	right    bool
}

var fieldTable = [numFields]field{
	{fSource, "source", kindOther, "Filesystem", 14, false},
	{fFstype, "fstype", kindOther, "Type", 4, false},
	{fSize, "size", kindBlock, "blocks", 5, true},
	{fUsed, "used", kindBlock, "Used", 5, true},
	{fAvail, "avail", kindBlock, "Available", 5, true},
	{fPcent, "pcent", kindBlock, "Use%", 4, true},
	{fItotal, "itotal", kindInode, "Inodes", 5, true},
	{fIused, "iused", kindInode, "IUsed", 5, true},
	{fIavail, "iavail", kindInode, "IFree", 5, true},
	{fIpcent, "ipcent", kindInode, "IUse%", 4, true},
	{fTarget, "target", kindOther, "Mounted on", 0, false},
	{fFile, "file", kindOther, "File", 0, false},
}

const allFields = "source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target"

// addField appends column id with an optional caption.
func (o *Options) addField(id int, caption string) {
	f := fieldTable[id]
	if caption != "" {
		f.caption = caption
	}
	o.columns = append(o.columns, &f)
	o.fieldUsed[id] = true
}

// decodeOutput adds the --output list's columns; it returns the error message, if any.
func (o *Options) decodeOutput(arg string, utf bool) string {
	for _, s := range strings.Split(arg, ",") {
		id := -1
		for i := range fieldTable {
			if fieldTable[i].arg == s {
				id = i
				break
			}
		}
		if id < 0 {
			return "option --output: field " + quote(s, utf) + " unknown"
		}
		if o.fieldUsed[id] {
			return "option --output: field " + quote(fieldTable[id].arg, utf) + " used more than once"
		}
		switch id {
		case fSize:
			o.addField(id, "Size")
		case fAvail:
			o.addField(id, "Avail")
		default:
			o.addField(id, "")
		}
	}
	return ""
}

// table holds the cells, header first, and the column widths.
type table struct {
	cols  []*field
	rows  [][]string
	width []int
	utf   bool
}

func (t *table) init(o *Options) {
	switch o.headerMode {
	case modeDefault, modeHuman, modeInodes, modePOSIX:
		o.addField(fSource, "")
		if o.printType {
			o.addField(fFstype, "")
		}
		switch o.headerMode {
		case modeInodes:
			o.addField(fItotal, "")
			o.addField(fIused, "")
			o.addField(fIavail, "")
			o.addField(fIpcent, "")
		case modeHuman:
			o.addField(fSize, "Size")
			o.addField(fUsed, "")
			o.addField(fAvail, "Avail")
			o.addField(fPcent, "")
		case modePOSIX:
			o.addField(fSize, "")
			o.addField(fUsed, "")
			o.addField(fAvail, "")
			o.addField(fPcent, "Capacity")
		default:
			o.addField(fSize, "")
			o.addField(fUsed, "")
			o.addField(fAvail, "")
			o.addField(fPcent, "")
		}
		o.addField(fTarget, "")
	case modeOutput:
		if len(o.columns) == 0 {
			o.decodeOutput(allFields, false)
		}
	}
	t.cols = o.columns
	t.width = make([]int, len(t.cols))
	for i, c := range t.cols {
		t.width[i] = c.minWidth
	}
	t.utf = utf8Locale()
}

// header adds the header row.
func (t *table) header(o *Options) {
	row := make([]string, len(t.cols))
	for i, c := range t.cols {
		h := c.caption
		if c.id == fSize && (o.headerMode == modeDefault || (o.headerMode == modeOutput && o.outOpts&hAutoscale == 0)) {
			opts := hSuppressPointZero | hAutoscale | hSI | (o.outOpts & (hGroupDigits | hBase1024 | hB))
			// Prefer the base that states the block size exactly.
			q1000, q1024 := o.blockSize, o.blockSize
			var d1000, d1024 bool
			for {
				d1000 = q1000%1000 == 0
				q1000 /= 1000
				d1024 = q1024%1024 == 0
				q1024 /= 1024
				if !(d1000 && d1024) {
					break
				}
			}
			if !d1000 && d1024 {
				opts |= hBase1024
			}
			if !d1024 && d1000 {
				opts &^= hBase1024
			}
			if opts&hBase1024 == 0 {
				opts |= hB
			}
			h = formatHuman(o.blockSize, opts, 1, 1) + "-blocks"
		} else if o.headerMode == modePOSIX && c.id == fSize {
			h = strconv.FormatUint(o.blockSize, 10) + "-" + h
		}
		row[i] = h
	}
	t.add(row)
}

// add appends a row, replacing control characters and widening the columns.
func (t *table) add(row []string) {
	for i, cell := range row {
		cell = replaceControl(cell)
		row[i] = cell
		if w := t.cellWidth(cell); w > t.width[i] {
			t.width[i] = w
		}
	}
	t.rows = append(t.rows, row)
}

// cellWidth is mbswidth: one column a byte in the C locale, one a character in UTF-8.
func (t *table) cellWidth(s string) int {
	if t.utf && utf8.ValidString(s) {
		return utf8.RuneCountInString(s)
	}
	return len(s)
}

// replaceControl turns control characters into '?' (coreutils does so when stdout is not a
// terminal; this suite does it always).
func replaceControl(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] < 0x20 || b[j] == 0x7f {
					b[j] = '?'
				}
			}
			return string(b)
		}
	}
	return s
}

func (t *table) print(w *bufio.Writer) {
	last := len(t.cols) - 1
	for _, row := range t.rows {
		for i, cell := range row {
			if i != 0 {
				w.WriteByte(' ')
			}
			pad := t.width[i] - t.cellWidth(cell)
			if t.cols[i].right {
				writeSpaces(w, pad)
				w.WriteString(cell)
			} else {
				w.WriteString(cell)
				if i != last {
					writeSpaces(w, pad)
				}
			}
		}
		w.WriteByte('\n')
	}
}

func writeSpaces(w *bufio.Writer, n int) {
	for ; n > 0; n-- {
		w.WriteByte(' ')
	}
}
