package cgview

import "errors"

// Uptime and idle: docs/semantics.md "Uptime".

// Uptime returns the /proc/uptime view: the host's file in host mode; in container mode the
// time since the subtree's oldest process started. Its IdleCentis is the host's field: only
// UptimeWithIdle computes the container's (it reads the CPU files, which uptime never shows).
func (v *View) Uptime() (Uptime, error) {
	v.upOnce.Do(func() {
		var err error
		defer func() { v.upErr = err }()
		b, rerr := v.fs.ReadRecord("/proc/uptime")
		if rerr != nil {
			err = errors.New("/proc/uptime: " + unwrapPathErr(rerr).Error())
			return
		}
		hostUp, hostIdle, perr := parseUptime(b)
		if perr != nil {
			err = errors.New("/proc/uptime: " + perr.Error())
			return
		}
		u := &Uptime{Centis: hostUp, IdleCentis: hostIdle}
		if v.container && v.cg != nil {
			p := v.census(censusProcesses)
			if p == nil || len(p.PIDs) == 0 {
				v.warn("uptime", "no process found in the cgroup; showing the host's uptime")
				u.HostFallback = true
			} else {
				u.Centis = 0
				if p.Start < hostUp { // USER_HZ is 100: a tick is a hundredth
					u.Centis = hostUp - p.Start
				}
				u.containerIdle = true
			}
		}
		v.up = u
	})
	if v.up == nil {
		return Uptime{}, v.upErr
	}
	return *v.up, nil
}

// UptimeWithIdle is Uptime with the idle field of the view: in container mode
// C * uptime - busy (>= 0), all in hundredths of a second.
func (v *View) UptimeWithIdle() (Uptime, error) {
	u, err := v.Uptime()
	if err != nil || !u.containerIdle {
		return u, err
	}
	c := v.CPU()
	if c.HostFallback && c.HostTicks != nil {
		return u, nil // the host's idle field, as the CPU lines are the host's
	}
	capacity := uint64(c.Capacity * float64(u.Centis))
	busy := c.UserTicks + c.SystemTicks
	u.IdleCentis = 0
	if capacity > busy {
		u.IdleCentis = capacity - busy
	}
	return u, nil
}

// Render prints u as the kernel prints /proc/uptime ("%lu.%02lu %lu.%02lu\n").
func (u Uptime) Render() []byte {
	b := appendCentis(nil, u.Centis)
	b = append(b, ' ')
	b = appendCentis(b, u.IdleCentis)
	return append(b, '\n')
}

func appendCentis(b []byte, c uint64) []byte {
	b = appendUint(b, c/100)
	b = append(b, '.')
	if c%100 < 10 {
		b = append(b, '0')
	}
	return appendUint(b, c%100)
}
