package df

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cgprocps/cgprocps/internal/profile"
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
	tty   bool // stdout is a terminal
	// rawUnprintable (9.7): a cell gnulib's mbsalign cannot convert (an invalid sequence or
	// a non-printable character such as C1 or U+2028; in the C locale any byte past ASCII)
	// is printed as it is, unpadded, and widens no column. 9.1 and 8.32 count an invalid
	// cell's bytes, print U+FFFD for a non-printable character, and pad C-locale bytes.
	rawUnprintable bool
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
	t.rawUnprintable = o.Version == profile.Coreutils9_7
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
		if t.tty && t.utf {
			cell = replaceInvalid(cell)
		} else {
			cell = replaceControl(cell)
		}
		row[i] = cell
		if t.rawUnprintable && t.unconvertible(cell) {
			continue
		}
		if w := t.cellWidth(cell); w > t.width[i] {
			t.width[i] = w
		}
	}
	t.rows = append(t.rows, row)
}

// cellWidth is gnulib's mbswidth(s, 0): a column a byte in the C locale; in a UTF-8 one a
// column a character (two for East Asian wide ones, none for combining marks and control
// characters) and one per byte of an invalid sequence.
func (t *table) cellWidth(s string) int {
	if !t.utf {
		return len(s)
	}
	w := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			w++
			i++
			continue
		}
		if !wcntrl(r) {
			w += runeWidth(r)
		}
		i += n
	}
	return w
}

// wcntrl is glibc's iswcntrl in a UTF-8 locale (these are also its non-printable characters
// that df can meet).
func wcntrl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029
}

// runeWidth approximates wcwidth: 0 for combining marks, 2 for the East Asian wide and
// full-width blocks, else 1.
func runeWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200b:
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0x303e, r >= 0x3041 && r <= 0x33ff,
		r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff, r >= 0xa000 && r <= 0xa4cf,
		r >= 0xac00 && r <= 0xd7a3, r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1f64f,
		r >= 0x1f900 && r <= 0x1f9ff, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

// align is gnulib's ambsalign as df calls it, for one cell of a column width wide: in a
// UTF-8 locale a cell that is not valid UTF-8 is printed as it is, without padding (the
// conversion fails and df prints the raw cell); otherwise non-printable characters become
// U+FFFD and the text is cut to the width if it grew past it. Then the padding.
func (t *table) align(w *bufio.Writer, cell string, width int, right, last bool) {
	cw := len(cell)
	if t.rawUnprintable && t.unconvertible(cell) {
		w.WriteString(cell)
		return
	}
	if t.utf {
		if !utf8.ValidString(cell) {
			w.WriteString(cell)
			return
		}
		var b strings.Builder
		cw = 0
		for _, r := range cell {
			if wcntrl(r) {
				r = utf8.RuneError
			}
			rw := runeWidth(r)
			if cw+rw > width {
				break
			}
			cw += rw
			b.WriteRune(r)
		}
		cell = b.String()
	}
	pad := width - cw
	if right {
		writeSpaces(w, pad)
		w.WriteString(cell)
		return
	}
	w.WriteString(cell)
	if !last {
		writeSpaces(w, pad)
	}
}

// unconvertible reports whether a cell holds an invalid sequence or a non-printable
// character; in the C locale, any byte past ASCII.
func (t *table) unconvertible(s string) bool {
	if !t.utf {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return true
			}
		}
		return false
	}
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if wcntrl(r) {
			return true
		}
	}
	return false
}

// replaceInvalid is what coreutils does to a cell when stdout is a terminal (in a UTF-8
// locale): each byte of an invalid sequence, and each control character (C0, DEL, C1, the
// line and paragraph separators), becomes '?'.
func replaceInvalid(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || wcntrl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteByte('?')
			n = 1
		case wcntrl(r):
			b.WriteByte('?')
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// replaceControl turns control characters into '?' (coreutils' rule when stdout is not a
// terminal).
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
			t.align(w, cell, t.width[i], t.cols[i].right, i == last)
		}
		w.WriteByte('\n')
	}
}

func writeSpaces(w *bufio.Writer, n int) {
	for ; n > 0; n-- {
		w.WriteByte(' ')
	}
}
