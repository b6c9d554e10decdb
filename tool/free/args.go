package free

import (
	"runtime"
	"time"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// parseSeconds reads the -s value as procps's strtod_nol_or_err does (cnum.StrtodNolOrErr)
// and returns the delay in microseconds as the C float free stores (1000000 * value). ok
// false: errText is the suffix error(3) adds ("" for none).
func parseSeconds(s string) (usec float32, errText string, ok bool) {
	num, errText, ok := cnum.StrtodNolOrErr(s)
	if !ok {
		return 0, errText, false
	}
	return float32(float64(1000000 * num)), "", true
}

// parseCount reads the -c value as strtol_or_err(…, 10) (cnum.StrtolOrErr) then the int
// conversion free does (the low 32 bits).
func parseCount(s, staleErrno string) (n int32, errText string, ok bool) {
	v, errText, ok := cnum.StrtolOrErr(s, staleErrno)
	return int32(v), errText, ok
}

// sleepDuration is usleep(repeat_interval): the float converted to useconds_t (32-bit
// unsigned) as the compiler does on this architecture: x86-64 truncates through a 64-bit
// integer (so 5000 s wraps to about 705 s), arm64 saturates.
func sleepDuration(usec float32) time.Duration {
	f := float64(usec)
	var u uint32
	if runtime.GOARCH == "arm64" {
		switch {
		case f != f || f <= 0:
			u = 0
		case f >= 4294967295:
			u = 4294967295
		default:
			u = uint32(f)
		}
	} else {
		if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
			u = 0
		} else {
			u = uint32(int64(f))
		}
	}
	return time.Duration(u) * time.Microsecond
}
