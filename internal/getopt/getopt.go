// Package getopt parses command lines the way glibc's getopt_long does (glibc 2.36, the C
// library the original procps tools are linked with), messages included: clustered short
// options (-hw), attached or separate values (-s1, -s 1, --seconds=1, --seconds 1), optional
// values (only attached: -oVAL, --opt=VAL), unambiguous prefixes of long options, "--" ending
// the options, and permutation of operands (off when POSIXLY_CORRECT is set or the option
// string starts with '+').
//
// The caller loops over Next, acting on each option as it comes, exactly as a C program loops
// over getopt_long: a tool that exits on -V before seeing a bad option later on the line
// behaves as the original does.
//
// Not emulated: getopt_long_only, C's flag pointers in long options, and the "W;" option
// string entry (-W foo as --foo); no procps or sysstat tool uses them.
//
// One extension: long options marked Ext (this suite's own options, appended to an original
// table) are reached by an abbreviation only when no original option has that prefix, so every
// abbreviation the original accepts or rejects keeps its meaning and its message.
package getopt

import (
	"io"
	"strings"
)

// ArgKind says whether a long option takes a value.
type ArgKind int

const (
	// NoArgument: --name only; --name=VALUE is an error.
	NoArgument ArgKind = iota
	// RequiredArgument: --name=VALUE or --name VALUE.
	RequiredArgument
	// OptionalArgument: --name or --name=VALUE (never the next word).
	OptionalArgument
)

// Option is one entry of a long-option table (C's struct option with flag == NULL).
type Option struct {
	Name   string  // without the leading "--"
	HasArg ArgKind // whether it takes a value
	Val    int     // what Next returns for it: a short option letter or a code above 255
	// Ext marks an option added to the original's table: it matches by its exact name, and by
	// an abbreviation only when no non-Ext option starts with the given text.
	Ext bool
}

// Values Next returns besides option values.
const (
	// Done: no more options; Operands holds what is left.
	Done = -1
	// Operand: (option string starting with '-' only) an operand in place; its text is Optarg.
	Operand = 1
	// Error: an unknown option, an ambiguous prefix, a missing or unwanted value. The message
	// was written to Stderr unless Opterr is false or the option string starts with ':'.
	Error = '?'
	// MissingArg: a value is missing and the option string starts with ':' (no message).
	MissingArg = ':'
)

type ordering int

const (
	permute ordering = iota
	requireOrder
	returnInOrder
)

// Parser holds the state of one scan, like glibc's struct _getopt_data.
type Parser struct {
	// Prog is the name in messages: argv[0] exactly as invoked (glibc prints argv[0]).
	Prog string
	// Stderr receives the messages.
	Stderr io.Writer
	// Opterr false silences the messages (C's opterr = 0).
	Opterr bool
	// PosixlyCorrect stops at the first operand (as POSIXLY_CORRECT in the environment does;
	// glibc only tests that the variable exists, so an empty value counts).
	PosixlyCorrect bool

	// Optind is the index in Args of the next word to scan (Args[0] is argv[0]).
	Optind int
	// Optarg is the value of the option just returned (or the operand with Operand).
	Optarg string
	// HasOptarg tells whether Optarg was given (it may be given and empty: --seconds=).
	HasOptarg bool
	// Optopt is the option character (or Val) of the last erroneous option.
	Optopt int
	// LongIndex is the index in the long-option table of the option just returned, -1 for a
	// short option.
	LongIndex int

	args     []string // argv, permuted in place as glibc does
	short    string
	long     []Option
	order    ordering
	colon    bool // option string starts with ':' (no messages, ':' for a missing value)
	started  bool
	nextchar string // rest of the short-option cluster being scanned
	inClust  bool   // nextchar is meaningful
	first    int    // __first_nonopt
	last     int    // __last_nonopt
}

// New returns a parser over argv0 and args (the words after it). optstring is getopt's
// option string ("bkmghltvc:ws:V": a letter, ':' after it for a required value, '::' for an
// optional one; a leading '+' or '-' chooses the ordering, then a leading ':' silences errors).
func New(argv0 string, args []string, optstring string, longopts []Option, stderr io.Writer) *Parser {
	all := make([]string, 0, len(args)+1)
	all = append(all, argv0)
	all = append(all, args...)
	return &Parser{
		Prog:      argv0,
		Stderr:    stderr,
		Opterr:    true,
		Optind:    1,
		LongIndex: -1,
		args:      all,
		short:     optstring,
		long:      longopts,
	}
}

// Args returns argv as permuted so far (argv[0] first).
func (p *Parser) Args() []string { return p.args }

// Operands returns the words left after Next returned Done: the operands, in their original
// order (with permutation they were moved behind the options).
func (p *Parser) Operands() []string {
	if p.Optind >= len(p.args) {
		return nil
	}
	return p.args[p.Optind:]
}

func (p *Parser) errorf(parts ...string) {
	if !p.Opterr || p.colon || p.Stderr == nil {
		return
	}
	var b strings.Builder
	for _, s := range parts {
		b.WriteString(s)
	}
	b.WriteByte('\n')
	io.WriteString(p.Stderr, b.String())
}

func (p *Parser) init() {
	s := p.short
	switch {
	case strings.HasPrefix(s, "-"):
		p.order = returnInOrder
		s = s[1:]
	case strings.HasPrefix(s, "+"):
		p.order = requireOrder
		s = s[1:]
	case p.PosixlyCorrect:
		p.order = requireOrder
	default:
		p.order = permute
	}
	if strings.HasPrefix(s, ":") {
		p.colon = true
	}
	p.short = s
	if p.Optind < 1 {
		p.Optind = 1
	}
	p.first, p.last = p.Optind, p.Optind
	p.started = true
}

// exchange moves the block of skipped operands [first,last) behind the options just scanned
// [last,Optind), keeping the order inside each block (glibc's exchange).
func (p *Parser) exchange() {
	nonopts := append([]string(nil), p.args[p.first:p.last]...)
	opts := append([]string(nil), p.args[p.last:p.Optind]...)
	n := copy(p.args[p.first:], opts)
	copy(p.args[p.first+n:], nonopts)
	p.first += p.Optind - p.last
	p.last = p.Optind
}

func (p *Parser) nonOption(i int) bool {
	a := p.args[i]
	return len(a) < 2 || a[0] != '-'
}

// Next returns the next option's Val (a short option letter, or a long option's Val), Error,
// MissingArg, Operand (with a '-' option string), or Done.
func (p *Parser) Next() int {
	argc := len(p.args)
	if argc < 1 {
		return Done
	}
	p.Optarg, p.HasOptarg, p.LongIndex = "", false, -1
	if !p.started {
		p.init()
	}
	if !p.inClust || p.nextchar == "" {
		p.inClust = false
		if p.last > p.Optind {
			p.last = p.Optind
		}
		if p.first > p.Optind {
			p.first = p.Optind
		}
		if p.order == permute {
			if p.first != p.last && p.last != p.Optind {
				p.exchange()
			} else if p.last != p.Optind {
				p.first = p.Optind
			}
			for p.Optind < argc && p.nonOption(p.Optind) {
				p.Optind++
			}
			p.last = p.Optind
		}
		if p.Optind != argc && p.args[p.Optind] == "--" {
			p.Optind++
			if p.first != p.last && p.last != p.Optind {
				p.exchange()
			} else if p.first == p.last {
				p.first = p.Optind
			}
			p.last = argc
			p.Optind = argc
		}
		if p.Optind == argc {
			if p.first != p.last {
				p.Optind = p.first
			}
			return Done
		}
		if p.nonOption(p.Optind) {
			if p.order == requireOrder {
				return Done
			}
			p.Optarg, p.HasOptarg = p.args[p.Optind], true
			p.Optind++
			return Operand
		}
		if p.long != nil && p.args[p.Optind][1] == '-' {
			return p.longOption(p.args[p.Optind][2:], "--")
		}
		p.nextchar = p.args[p.Optind][1:]
		p.inClust = true
	}
	return p.shortOption()
}

func (p *Parser) shortOption() int {
	c := p.nextchar[0]
	p.nextchar = p.nextchar[1:]
	if p.nextchar == "" {
		p.Optind++
	}
	i := strings.IndexByte(p.short, c)
	if i < 0 || c == ':' || c == ';' {
		p.errorf(p.Prog, ": invalid option -- '", string([]byte{c}), "'")
		p.Optopt = int(c)
		return Error
	}
	spec := p.short[i+1:]
	if strings.HasPrefix(spec, ":") {
		if strings.HasPrefix(spec, "::") {
			if p.nextchar != "" {
				p.Optarg, p.HasOptarg = p.nextchar, true
				p.Optind++
			}
			p.nextchar, p.inClust = "", false
			return int(c)
		}
		switch {
		case p.nextchar != "":
			p.Optarg, p.HasOptarg = p.nextchar, true
			p.Optind++
		case p.Optind == len(p.args):
			p.errorf(p.Prog, ": option requires an argument -- '", string([]byte{c}), "'")
			p.Optopt = int(c)
			p.nextchar, p.inClust = "", false
			if p.colon {
				return MissingArg
			}
			return Error
		default:
			p.Optarg, p.HasOptarg = p.args[p.Optind], true
			p.Optind++
		}
		p.nextchar, p.inClust = "", false
	}
	return int(c)
}

// findLong resolves name (the text before any '='): an exact match over the whole table,
// else the prefix matches among the original (non-Ext) options, else among the Ext ones. It
// returns the index found (-1 for none) and, for an ambiguous prefix, the candidates.
func (p *Parser) findLong(name string) (int, []int) {
	for i, o := range p.long {
		if o.Name == name {
			return i, nil
		}
	}
	for _, ext := range []bool{false, true} {
		found := -1
		var ambig []int
		for i, o := range p.long {
			if o.Ext != ext || !strings.HasPrefix(o.Name, name) {
				continue
			}
			if found < 0 {
				found = i
				continue
			}
			f := p.long[found]
			if f.HasArg != o.HasArg || f.Val != o.Val {
				if ambig == nil {
					ambig = []int{found}
				}
				ambig = append(ambig, i)
			}
		}
		if ambig != nil {
			return -1, ambig
		}
		if found >= 0 {
			return found, nil
		}
	}
	return -1, nil
}

func (p *Parser) longOption(text, prefix string) int {
	name, value, hasValue := strings.Cut(text, "=")
	idx, ambig := p.findLong(name)
	if ambig != nil {
		if p.Opterr && !p.colon && p.Stderr != nil {
			var b strings.Builder
			b.WriteString(p.Prog + ": option '" + prefix + text + "' is ambiguous; possibilities:")
			for _, i := range ambig {
				b.WriteString(" '" + prefix + p.long[i].Name + "'")
			}
			b.WriteByte('\n')
			io.WriteString(p.Stderr, b.String())
		}
		p.Optind++
		p.Optopt = 0
		return Error
	}
	if idx < 0 {
		p.errorf(p.Prog, ": unrecognized option '", prefix, text, "'")
		p.Optind++
		p.Optopt = 0
		return Error
	}
	o := p.long[idx]
	p.Optind++
	if hasValue {
		if o.HasArg == NoArgument {
			p.errorf(p.Prog, ": option '", prefix, o.Name, "' doesn't allow an argument")
			p.Optopt = o.Val
			return Error
		}
		p.Optarg, p.HasOptarg = value, true
	} else if o.HasArg == RequiredArgument {
		if p.Optind < len(p.args) {
			p.Optarg, p.HasOptarg = p.args[p.Optind], true
			p.Optind++
		} else {
			p.errorf(p.Prog, ": option '", prefix, o.Name, "' requires an argument")
			p.Optopt = o.Val
			if p.colon {
				return MissingArg
			}
			return Error
		}
	}
	p.LongIndex = idx
	return o.Val
}
