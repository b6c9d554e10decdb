#!/bin/sh
# cgprocps postinst (deb) and %post (rpm): record the image's version profile
# (docs/profiles.md) in /etc/cgprocps/profile, detected from dpkg's records or
# /etc/os-release. A file changed by hand (or written by cgprocps --install) is kept; one
# still as the package wrote it is detected again, so an upgrade follows the image's releases.
set -e
case "$1" in
configure | [0-9]*)
	/usr/lib/cgprocps/bin/cgprocps --record-profile ||
		echo "cgprocps: the version profile was not recorded; the tools use Debian 12's releases" >&2
	;;
esac
exit 0
