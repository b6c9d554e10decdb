#!/bin/sh
# cgprocps postrm (deb) and %postun (rpm): the recorded version profile goes on purge (deb);
# on erase (rpm, "0") it goes only if it is still as the package wrote it. Kept on remove and
# upgrade.
set -e
f=/etc/cgprocps/profile
state=/var/lib/cgprocps/profile
case "$1" in
purge)
	rm -f "$f" "$state"
	;;
0)
	if [ -f "$f" ] && [ -f "$state" ] && [ "$(cat "$f")" = "$(cat "$state")" ]; then
		rm -f "$f"
	fi
	rm -f "$state"
	;;
*) exit 0 ;;
esac
rmdir /etc/cgprocps /var/lib/cgprocps 2>/dev/null || true
exit 0
