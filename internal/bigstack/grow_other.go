//go:build !amd64 && !arm64

package bigstack

// grow does nothing where there is no assembly version: the stack grows as usual.
func grow() {}
