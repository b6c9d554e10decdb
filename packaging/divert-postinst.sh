#!/bin/sh
# cgprocps-divert postinst: sysstat's sar is an alternative (sar.sysstat, priority 0); offer
# cgprocps's at a higher priority instead of diverting the alternatives link.
set -e
case "$1" in
configure)
	update-alternatives --install /usr/bin/sar sar /usr/lib/cgprocps/bin/sar 50 >/dev/null
	;;
esac
exit 0
