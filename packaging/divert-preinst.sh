#!/bin/sh
# cgprocps-divert preinst: move procps's and sysstat's /usr/bin/<tool> aside (<tool>.distrib)
# before this package's /usr/bin/<tool> links to /usr/lib/cgprocps/bin are unpacked.
set -e
case "$1" in
install | upgrade)
	for f in free uptime top vmstat iostat; do
		dpkg-divert --package cgprocps-divert --add --rename \
			--divert "/usr/bin/$f.distrib" "/usr/bin/$f" >/dev/null
	done
	;;
esac
exit 0
