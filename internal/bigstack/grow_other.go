//go:build !amd64

package bigstack

// grow does nothing where there is no assembly version (none for arm64 yet: these machines
// cannot run arm64 code to test one): the stack grows as usual.
func grow() {}
