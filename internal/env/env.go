// Package env reads the process environment as os.Getenv, os.LookupEnv and os.Environ do, but
// without the map syscall.Getenv builds of the whole environment on its first call: that map
// is about 1.5 % of a short tool's run (docs/decisions.md). The tools never change their own
// environment, so the environment the process started with is the answer.
//
// A test binary (its name ends in ".test") reads through package os instead, so that
// t.Setenv, which changes package syscall's copy only, is seen.
package env

import (
	"os"
	"strings"
	"sync"
	_ "unsafe" // go:linkname
)

// runtimeEnvs is the environment the process started with, as the runtime saw it (a copy).
// The runtime provides it to package syscall under this name.
//
//go:linkname runtimeEnvs syscall.runtime_envs
func runtimeEnvs() []string

var (
	once  sync.Once
	envs  []string
	useOS bool
)

func load() {
	useOS = len(os.Args) > 0 && strings.HasSuffix(os.Args[0], ".test")
	if !useOS {
		envs = runtimeEnvs()
	}
}

// Lookup is os.LookupEnv: the value of key and whether it is set (even empty). Where a name
// appears twice, the first one counts, as in syscall.Getenv.
func Lookup(key string) (string, bool) {
	once.Do(load)
	if useOS {
		return os.LookupEnv(key)
	}
	if key == "" || strings.IndexByte(key, '=') >= 0 {
		return "", false // syscall.Getenv: a name ends at its first '='
	}
	for _, kv := range envs {
		if len(kv) > len(key) && kv[len(key)] == '=' && kv[:len(key)] == key {
			return kv[len(key)+1:], true
		}
	}
	return "", false
}

// Get is os.Getenv.
func Get(key string) string {
	v, _ := Lookup(key)
	return v
}

// Environ is os.Environ: a copy of the environment as "key=value" strings, without the
// later mentions of a name (syscall drops them too).
func Environ() []string {
	once.Do(load)
	if useOS {
		return os.Environ()
	}
	out := make([]string, 0, len(envs))
	for i, kv := range envs {
		name, _, ok := strings.Cut(kv, "=")
		if !ok {
			if kv != "" {
				out = append(out, kv) // kept as syscall keeps it
			}
			continue
		}
		first := true
		for _, prev := range envs[:i] {
			if p, _, ok := strings.Cut(prev, "="); ok && p == name {
				first = false
				break
			}
		}
		if first {
			out = append(out, kv)
		}
	}
	return out
}
