#!/bin/sh
# cgprocps-divert postrm: this package's links are gone; put the originals back.
set -e
case "$1" in
remove | purge | abort-install | disappear)
	for f in free uptime top vmstat iostat; do
		if [ "$(dpkg-divert --listpackage "/usr/bin/$f")" = cgprocps-divert ]; then
			dpkg-divert --package cgprocps-divert --remove --rename \
				--divert "/usr/bin/$f.distrib" "/usr/bin/$f" >/dev/null
		fi
	done
	;;
esac
exit 0
