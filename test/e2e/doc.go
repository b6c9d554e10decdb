// Package e2e holds the end-to-end tests of the static cgprocps binary in real containers:
//
//   - runc_v1_test.go: a real OCI container (runc, the machine's cgroup v1 controllers) with
//     Docker-like limits (512 MiB memory, 768 MiB memory+swap, 1.5 CPUs, own PID namespace);
//   - v2vm_test.go: a Kubernetes-like pod/container pair of groups in a throwaway cgroup v2 VM
//     (test/v2vm/v2vm, one boot), the limits on the pod level only;
//   - check_test.go: the checks both share, and TestCompareFree (runs anywhere);
//   - main_test.go: builds the binary once (CGO_ENABLED=0 go build ./cmd/cgprocps).
//
// Both compare the binary's in-container output with the real procps tools run on the host over
// the view the binary rendered (`cgprocps procfs`), through test/oracle/procref.
//
// The container tests need root, and runc on a cgroup v1 host or qemu for v2vm; they skip
// themselves otherwise and under -short. Install what they need with scripts/install-test-deps,
// then, as root:
//
//	go test ./test/e2e/ -v -count=1                     # both, about 6-8 s
//	go test ./test/e2e/ -run TestRuncCgroupV1 -v -count=1
//
// Environment: CGPROCPS_E2E_BINARY=PATH tests a prebuilt static binary instead of building one.
package e2e
