package cgview

import "errors"

var errTODO = errors.New("cgview: not implemented yet")

// Meminfo returns the /proc/meminfo view (host file in host mode). The error is non-nil only
// when even the host's /proc/meminfo cannot be read.
func (v *View) Meminfo() (*Meminfo, error) { return nil, errTODO }

// Uptime returns the /proc/uptime view.
func (v *View) Uptime() (Uptime, error) { return Uptime{}, errTODO }

// LoadAvg returns the /proc/loadavg view.
func (v *View) LoadAvg() (LoadAvg, error) { return LoadAvg{}, errTODO }

type fsys struct{ root string }
type cgroupSet struct{}
type hostFiles struct{}

func (c *cgroupSet) describe() []string          { return nil }
func (v *View) findCgroups() (*cgroupSet, error) { return nil, errTODO }
func (v *View) detectContainer() bool            { return false }
