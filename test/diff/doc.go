// Package diff holds the differential tests of the tools against the real procps-ng 4.0.2
// binaries: the formatters over generated /proc files through test/oracle/procref
// (root), and the first error line and exit status of bad command lines against /usr/bin/free
// and /usr/bin/uptime directly (no root needed).
package diff
