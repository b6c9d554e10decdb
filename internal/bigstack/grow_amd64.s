#include "textflag.h"

// func grow()
// A 16 KiB frame that is never written: entering it grows the stack (see bigstack.go).
TEXT ·grow(SB), 0, $16384-0
	RET
