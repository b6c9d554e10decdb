# /etc/profile.d/cgprocps.sh (package cgprocps): put the cgroup-aware free, uptime, top,
# vmstat, iostat, sar and df of /usr/lib/cgprocps/bin ahead of /usr/bin in login shells'
# PATH: just before the first /usr/bin or /bin entry (so /usr/local/bin keeps precedence),
# or first when PATH has neither. Sourced by POSIX shells: no bashisms, no subshell.
_cgprocps_dir=/usr/lib/cgprocps/bin
_cgprocps_p=":${PATH}:"
case "${_cgprocps_p}" in
*":${_cgprocps_dir}:"*) ;;
*:/usr/bin:* | *:/bin:*)
	_cgprocps_m=/usr/bin
	_cgprocps_u=${_cgprocps_p%%:/usr/bin:*}
	_cgprocps_b=${_cgprocps_p%%:/bin:*}
	if [ "${#_cgprocps_b}" -lt "${#_cgprocps_u}" ]; then _cgprocps_m=/bin; fi
	_cgprocps_before=${_cgprocps_p%%:${_cgprocps_m}:*}
	_cgprocps_after=${_cgprocps_p#*:${_cgprocps_m}:}
	PATH=${_cgprocps_before#:}
	PATH="${PATH:+${PATH}:}${_cgprocps_dir}:${_cgprocps_m}${_cgprocps_after:+:${_cgprocps_after%:}}"
	;;
*) PATH="${_cgprocps_dir}${PATH:+:${PATH}}" ;;
esac
export PATH
unset _cgprocps_dir _cgprocps_p _cgprocps_m _cgprocps_u _cgprocps_b _cgprocps_before _cgprocps_after
