package rawsys

import "syscall"

// sysFstatat: arm64's generic system call table names it fstatat.
const sysFstatat = syscall.SYS_FSTATAT
