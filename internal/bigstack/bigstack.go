// Package bigstack grows the main goroutine's stack once, to 32 KiB, before any other package
// of the program is initialised.
//
// A goroutine starts with a 2 KiB stack and doubles it each time a call runs out: the runtime
// then allocates the next size and copies the stack, walking every frame and looking up its
// stack map. A short tool's main goroutine does that twice (to 4 KiB in internal/godebug's
// initialisation, to 8 KiB in cgview's first file read), deep in its call chain, and the
// first 4 KiB and 8 KiB stacks come from spans of the runtime's stack pools whose free lists
// touch every page (12 page faults). Here one function whose frame is 16 KiB and touches
// nothing makes the runtime grow the stack once, from a shallow point, to 32 KiB: a stack of
// that size is its own span and only the pages used are ever touched. docs/decisions.md has
// the figures.
//
// The package imports nothing, so that it is initialised before internal/godebug (packages
// are initialised in import-path order among those whose imports are done, and
// "github.com/..." sorts before "internal/...").
package bigstack

func init() { grow() }
