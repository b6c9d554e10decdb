package df

import "testing"

func TestParseQuantity(t *testing.T) {
	good := map[string]uint64{
		"5368709120": 5 << 30, "5Gi": 5 << 30, "500Mi": 500 << 20, "2G": 2e9, "1500M": 15e8,
		"1e9": 1e9, "64Ki": 65536, "1k": 1000, "5GiB": 5 << 30, "5GB": 5e9, "7K": 7168, " 3Ti ": 3 << 40,
	}
	for s, want := range good {
		if got, ok := parseQuantity(s); !ok || got != want {
			t.Errorf("parseQuantity(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "0", "x", "-5Gi", "5Xi", "1e99", "99999999999Ei", "Gi", "1.5Gi"} {
		if got, ok := parseQuantity(s); ok {
			t.Errorf("parseQuantity(%q) = %d, want an error", s, got)
		}
	}
}

func TestUpperDir(t *testing.T) {
	me := mountEntry{fstype: "overlay", super: `rw,lowerdir=/l1:/l2,upperdir=/var/lib/x\,y/diff,workdir=/w`}
	if got := upperDir(&me); got != "/var/lib/x,y/diff" {
		t.Errorf("upperDir = %q", got)
	}
	me.fstype = "ext4"
	if got := upperDir(&me); got != "" {
		t.Errorf("upperDir of ext4 = %q", got)
	}
}
