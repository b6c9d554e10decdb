package rawsys

import "syscall"

// sysFstatat: amd64 names fstatat newfstatat.
const sysFstatat = syscall.SYS_NEWFSTATAT
