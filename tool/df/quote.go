package df

import (
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// utf8Locale tells whether the C library's LC_CTYPE would be a UTF-8 one (LC_ALL, then
// LC_CTYPE, then LANG; C.UTF-8 is built into glibc, other UTF-8 names count only when the
// system has compiled locales). It decides the quotes of quote() messages and whether bytes
// above 0x7f are printable.
func utf8Locale() bool {
	utf8Once.Do(func() { utf8Is = utf8LocaleUncached() })
	return utf8Is
}

var (
	utf8Once sync.Once
	utf8Is   bool
)

func utf8LocaleUncached() bool {
	name := ""
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := os.Getenv(k); v != "" {
			name = v
			break
		}
	}
	l := strings.ToLower(name)
	if !strings.Contains(l, "utf-8") && !strings.Contains(l, "utf8") {
		return false
	}
	if strings.HasPrefix(l, "c.") {
		return true
	}
	return machine.Host.Exists("/usr/lib/locale/locale-archive") || machine.Host.Exists("/usr/lib/locale/"+name)
}

// quote is gnulib's quote(): the locale's quotation marks around s ('s' in ASCII locales,
// ‘s’ in UTF-8 ones).
func quote(s string, utf bool) string {
	if utf {
		return "\u2018" + s + "\u2019"
	}
	return "'" + s + "'"
}

// quotef is gnulib's quotef(): a file name as a shell would need it (shell-escape style, with
// ':' also quoted), left bare when it needs nothing.
func quotef(s string, utf bool) string {
	printable := func(c byte) bool { return c >= 0x20 && c < 0x7f }
	highOK := utf && utf8.ValidString(s)
	need := s == ""
	onlyApostrophe := true // every special character is a compatible one (space, ')
	hasApostrophe := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			if !highOK {
				need = true
				onlyApostrophe = false
			}
		case !printable(c):
			need = true
			onlyApostrophe = false
		case c == '\'':
			need = true
			hasApostrophe = true
		case c == ' ':
			need = true
		case c == '#' || c == '~':
			if i == 0 {
				need = true
			}
		case c == '{' || c == '}':
			if len(s) == 1 {
				need = true
			}
		case strings.IndexByte("!\"$&()*;<=>[^`|?\\:", c) >= 0:
			need = true
			onlyApostrophe = false
		}
	}
	if !need {
		return s
	}
	if hasApostrophe && onlyApostrophe {
		return "\"" + s + "\""
	}
	var b strings.Builder
	b.WriteByte('\'')
	inEscape := false // inside a $'...' part (control bytes); plain text is inside '...'
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || (c >= 0x80 && !highOK) {
			if !inEscape {
				b.WriteString("'$'")
				inEscape = true
			}
			b.WriteByte('\\')
			switch c {
			case '\a':
				b.WriteByte('a')
			case '\b':
				b.WriteByte('b')
			case '\f':
				b.WriteByte('f')
			case '\n':
				b.WriteByte('n')
			case '\r':
				b.WriteByte('r')
			case '\t':
				b.WriteByte('t')
			case '\v':
				b.WriteByte('v')
			default:
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + (c>>3)&7)
				b.WriteByte('0' + c&7)
			}
			continue
		}
		if inEscape {
			b.WriteString("''")
			inEscape = false
		}
		if c == '\'' {
			b.WriteString(`'\''`)
		} else {
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
