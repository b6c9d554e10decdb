#!/bin/sh
# cgprocps-divert prerm: withdraw the sar alternative.
set -e
case "$1" in
remove | deconfigure)
	update-alternatives --remove sar /usr/lib/cgprocps/bin/sar >/dev/null 2>&1 || true
	;;
esac
exit 0
