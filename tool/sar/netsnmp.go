package sar

import (
	"strings"
	"sync"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// The -n SOCK, IP, EIP, ICMP, EICMP, TCP, ETCP, UDP, SOCK6, IP6, EIP6, ICMP6, EICMP6 and UDP6
// reports. Their files (/proc/net/sockstat, sockstat6, snmp, snmp6) are per network
// namespace, so they are read as they are in either mode. The counters of one sample are kept
// in Sample.Snmp, each report's in the order sysstat prints them; the readers take the
// fields sysstat's rd_stats.c takes (its sscanf positions and key prefixes).

// netRep describes one report: its bit, its header, where its counters start in Sample.Snmp
// and how many; inst marks the two socket reports (instantaneous values, mean as average).
type netRep struct {
	rep   reports
	hdr   []string
	first int
	inst  bool
}

const (
	snSock   = 0
	snIP     = snSock + 6
	snEIP    = snIP + 8
	snICMP   = snEIP + 8
	snEICMP  = snICMP + 14
	snTCP    = snEICMP + 12
	snETCP   = snTCP + 4
	snUDP    = snETCP + 5
	snSock6  = snUDP + 4
	snIP6    = snSock6 + 4
	snEIP6   = snIP6 + 10
	snICMP6  = snEIP6 + 11
	snEICMP6 = snICMP6 + 17
	snUDP6   = snEICMP6 + 11
	snKT     = snUDP6 + 4 // -v: dentunusd, file-nr, inode-nr, pty-nr (ktables.go)
	snHuge   = snKT + 4   // -H: HugePages_Total, _Free, _Rsvd, _Surp in kB (ktables.go)
	nSnmp    = snHuge + 4 // 126 counters
)

var netReps = []netRep{
	{repNetSock, []string{"totsck", "tcpsck", "udpsck", "rawsck", "ip-frag", "tcp-tw"}, snSock, true},
	{repNetIP, []string{"irec/s", "fwddgm/s", "idel/s", "orq/s", "asmrq/s", "asmok/s", "fragok/s", "fragcrt/s"}, snIP, false},
	{repNetEIP, []string{"ihdrerr/s", "iadrerr/s", "iukwnpr/s", "idisc/s", "odisc/s", "onort/s", "asmf/s", "fragf/s"}, snEIP, false},
	{repNetICMP, []string{"imsg/s", "omsg/s", "iech/s", "iechr/s", "oech/s", "oechr/s", "itm/s", "itmr/s", "otm/s",
		"otmr/s", "iadrmk/s", "iadrmkr/s", "oadrmk/s", "oadrmkr/s"}, snICMP, false},
	{repNetEICMP, []string{"ierr/s", "oerr/s", "idstunr/s", "odstunr/s", "itmex/s", "otmex/s",
		"iparmpb/s", "oparmpb/s", "isrcq/s", "osrcq/s", "iredir/s", "oredir/s"}, snEICMP, false},
	{repNetTCP, []string{"active/s", "passive/s", "iseg/s", "oseg/s"}, snTCP, false},
	{repNetETCP, []string{"atmptf/s", "estres/s", "retrans/s", "isegerr/s", "orsts/s"}, snETCP, false},
	{repNetUDP, []string{"idgm/s", "odgm/s", "noport/s", "idgmerr/s"}, snUDP, false},
	{repNetSock6, []string{"tcp6sck", "udp6sck", "raw6sck", "ip6-frag"}, snSock6, true},
	{repNetIP6, []string{"irec6/s", "fwddgm6/s", "idel6/s", "orq6/s", "asmrq6/s", "asmok6/s",
		"imcpck6/s", "omcpck6/s", "fragok6/s", "fragcr6/s"}, snIP6, false},
	{repNetEIP6, []string{"ihdrer6/s", "iadrer6/s", "iukwnp6/s", "i2big6/s", "idisc6/s", "odisc6/s",
		"inort6/s", "onort6/s", "asmf6/s", "fragf6/s", "itrpck6/s"}, snEIP6, false},
	{repNetICMP6, []string{"imsg6/s", "omsg6/s", "iech6/s", "iechr6/s", "oechr6/s", "igmbq6/s", "igmbr6/s", "ogmbr6/s",
		"igmbrd6/s", "ogmbrd6/s", "irtsol6/s", "ortsol6/s", "irtad6/s", "inbsol6/s", "onbsol6/s",
		"inbad6/s", "onbad6/s"}, snICMP6, false},
	{repNetEICMP6, []string{"ierr6/s", "idtunr6/s", "odtunr6/s", "itmex6/s", "otmex6/s",
		"iprmpb6/s", "oprmpb6/s", "iredir6/s", "oredir6/s", "ipck2b6/s", "opck2b6/s"}, snEICMP6, false},
	{repNetUDP6, []string{"idgm6/s", "odgm6/s", "noport6/s", "idgmer6/s"}, snUDP6, false},
	{repKTables, []string{"dentunusd", "file-nr", "inode-nr", "pty-nr"}, snKT, true},
}

func netRepOf(r reports) *netRep {
	for i := range netReps {
		if netReps[i].rep == r {
			return &netReps[i]
		}
	}
	return nil
}

// scanNum is one sscanf %u/%lu/%llu/%d conversion at s: glibc's strtoul in base 10 (white
// space, an optional sign, decimal digits; a minus negates, overflow saturates). It returns
// the value, the rest of s and whether a number was there.
func scanNum(s string) (uint64, string, bool) {
	v, end, _ := cnum.Strtoul(s, 10)
	if end == 0 {
		return 0, s, false
	}
	return v, s[end:], true
}

// scanPositions reads the numbers of s in order as sysstat's sscanf does (stopping at the
// first field that is not a number) and stores field pos[k] (1-based) in out[k].
func scanPositions(s string, pos []int, out []uint64) {
	last := 0
	for _, p := range pos {
		last = max(last, p)
	}
	vals := make([]uint64, last+1)
	n := 0
	for n < last {
		x, rest, ok := scanNum(s)
		if !ok {
			break
		}
		n++
		vals[n] = x
		s = rest
	}
	for k, p := range pos {
		if p <= n {
			out[k] = vals[p]
		}
	}
}

// fgetsLines splits b as fgets with a buffer of size bytes would (a longer line comes as
// several pieces).
func fgetsLines(b []byte, size int) []string {
	var out []string
	s := string(b)
	for s != "" {
		n := strings.IndexByte(s, '\n') + 1
		if n == 0 {
			n = len(s)
		}
		if n > size-1 {
			n = size - 1
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// scanAt is sscanf(line + off, "%u"): nothing when the line is shorter than off.
func scanAt(line string, off int, bits32 bool) (uint64, bool) {
	if off > len(line) {
		return 0, false
	}
	x, _, ok := scanNum(line[off:])
	if ok && bits32 {
		x &= 0xffffffff
	}
	return x, ok
}

// parseSockstat fills the SOCK counters from /proc/net/sockstat (read_net_sock).
func parseSockstat(b []byte, out []uint64) {
	set := func(k int, line string, off int) {
		if x, ok := scanAt(line, off, true); ok {
			out[snSock+k] = x
		}
	}
	for _, line := range fgetsLines(b, 96) {
		switch {
		case strings.HasPrefix(line, "sockets:"):
			set(0, line, 14)
		case strings.HasPrefix(line, "TCP:"):
			set(1, line, 11)
			if i := strings.Index(line, "tw"); i >= 0 {
				set(5, line, i+2)
			}
		case strings.HasPrefix(line, "UDP:"):
			set(2, line, 11)
		case strings.HasPrefix(line, "RAW:"):
			set(3, line, 11)
		case strings.HasPrefix(line, "FRAG:"):
			set(4, line, 12)
		}
	}
}

// parseSockstat6 fills the SOCK6 counters from /proc/net/sockstat6 (read_net_sock6).
func parseSockstat6(b []byte, out []uint64) {
	set := func(k int, line string, off int) {
		if x, ok := scanAt(line, off, true); ok {
			out[snSock6+k] = x
		}
	}
	for _, line := range fgetsLines(b, 96) {
		switch {
		case strings.HasPrefix(line, "TCP6:"):
			set(0, line, 12)
		case strings.HasPrefix(line, "UDP6:"):
			set(1, line, 12)
		case strings.HasPrefix(line, "RAW6:"):
			set(2, line, 12)
		case strings.HasPrefix(line, "FRAG6:"):
			set(3, line, 13)
		}
	}
}

// The sscanf positions (1-based fields of the value line) of each report's counters, in
// the printed order.
var (
	posIP    = []int{3, 6, 9, 10, 14, 15, 17, 19}
	posEIP   = []int{4, 5, 7, 8, 11, 12, 16, 18}
	posTCP   = []int{5, 6, 10, 11}
	posETCP  = []int{7, 8, 12, 13, 14}
	posUDP   = []int{1, 4, 2, 3}
	posICMP  = []int{1, 15, 9, 10, 22, 23, 11, 12, 24, 25, 13, 14, 26, 27} // with InCsumErrors
	posICMPo = []int{1, 14, 8, 9, 21, 22, 10, 11, 23, 24, 12, 13, 25, 26}  // without
	posEICMP = []int{2, 16, 4, 17, 5, 18, 6, 19, 7, 20, 8, 21}
	posEICMo = []int{2, 15, 3, 16, 4, 17, 5, 18, 6, 19, 7, 20}
)

// parseSNMP fills the IP, EIP, ICMP, EICMP, TCP, ETCP and UDP counters from /proc/net/snmp:
// for each protocol the second line of its prefix holds the values (read_net_ip … udp).
func parseSNMP(b []byte, out []uint64) {
	seen := map[string]bool{}
	newICMP := false
	for _, line := range fgetsLines(b, 1024) {
		var prefix string
		for _, p := range []string{"Ip:", "Icmp:", "Tcp:", "Udp:"} {
			if strings.HasPrefix(line, p) {
				prefix = p
			}
		}
		if prefix == "" {
			continue
		}
		if !seen[prefix] {
			seen[prefix] = true
			if prefix == "Icmp:" {
				newICMP = strings.Contains(line, "InCsumErrors")
			}
			continue
		}
		if seen[prefix+"done"] {
			continue
		}
		seen[prefix+"done"] = true
		rest := line[len(prefix):]
		switch prefix {
		case "Ip:":
			scanPositions(rest, posIP, out[snIP:])
			scanPositions(rest, posEIP, out[snEIP:])
		case "Icmp:":
			if newICMP {
				scanPositions(rest, posICMP, out[snICMP:])
				scanPositions(rest, posEICMP, out[snEICMP:])
			} else {
				scanPositions(rest, posICMPo, out[snICMP:])
				scanPositions(rest, posEICMo, out[snEICMP:])
			}
		case "Tcp:":
			scanPositions(rest, posTCP, out[snTCP:])
			scanPositions(rest, posETCP, out[snETCP:])
		case "Udp:":
			scanPositions(rest, posUDP, out[snUDP:])
		}
	}
}

// snmp6Keys maps the /proc/net/snmp6 names sysstat reads to their counter index. Built on
// first use: a package-level map would be built at start-up by every tool of the multicall
// binary.
var (
	snmp6KeysOnce sync.Once
	snmp6KeysMap  map[string]int
)

func snmp6Keys() map[string]int {
	snmp6KeysOnce.Do(func() { snmp6KeysMap = makeSNMP6Keys() })
	return snmp6KeysMap
}

func makeSNMP6Keys() map[string]int {
	m := map[string]int{}
	add := func(first int, prefix string, names ...string) {
		for i, n := range names {
			m[prefix+n] = first + i
		}
	}
	add(snIP6, "Ip6", "InReceives", "OutForwDatagrams", "InDelivers", "OutRequests", "ReasmReqds", "ReasmOKs",
		"InMcastPkts", "OutMcastPkts", "FragOKs", "FragCreates")
	add(snEIP6, "Ip6", "InHdrErrors", "InAddrErrors", "InUnknownProtos", "InTooBigErrors", "InDiscards",
		"OutDiscards", "InNoRoutes", "OutNoRoutes", "ReasmFails", "FragFails", "InTruncatedPkts")
	add(snICMP6, "Icmp6", "InMsgs", "OutMsgs", "InEchos", "InEchoReplies", "OutEchoReplies", "InGroupMembQueries",
		"InGroupMembResponses", "OutGroupMembResponses", "InGroupMembReductions", "OutGroupMembReductions",
		"InRouterSolicits", "OutRouterSolicits", "InRouterAdvertisements", "InNeighborSolicits",
		"OutNeighborSolicits", "InNeighborAdvertisements", "OutNeighborAdvertisements")
	add(snEICMP6, "Icmp6", "InErrors", "InDestUnreachs", "OutDestUnreachs", "InTimeExcds", "OutTimeExcds",
		"InParmProblems", "OutParmProblems", "InRedirects", "OutRedirects", "InPktTooBigs", "OutPktTooBigs")
	add(snUDP6, "Udp6", "InDatagrams", "OutDatagrams", "NoPorts", "InErrors")
	return m
}

// parseSNMP6 fills the IPv6 counters from /proc/net/snmp6: a line "NAME <spaces> VALUE"
// whose NAME sysstat reads (the name followed by a space, as its strncmp prefixes).
func parseSNMP6(b []byte, out []uint64) {
	for _, line := range fgetsLines(b, 128) {
		i := strings.IndexByte(line, ' ')
		if i <= 0 {
			continue
		}
		k, ok := snmp6Keys()[line[:i]]
		if !ok {
			continue
		}
		if x, ok := scanAt(line, i+1, false); ok {
			out[k] = x
		}
	}
}
