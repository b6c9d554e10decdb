//go:build amd64

package bigstack

// grow has a 16 KiB frame and does nothing (grow_$GOARCH.s).
func grow()
