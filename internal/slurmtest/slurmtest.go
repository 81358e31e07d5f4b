// Package slurmtest starts a real single-node Slurm cluster on localhost
// for a test: a private munged (as the munge user, with its own key and
// socket), slurmctld and slurmd, configured by a slurm.conf in a fresh
// temporary folder, on two free loopback ports, without accounting. The
// daemons are stopped (by the PIDs they wrote) and the folder removed when
// the test ends.
//
// It needs root (slurmd runs jobs as their user; munged must run as the
// munge user) and the Debian packages slurmctld, slurmd, slurm-client and
// munge. Where they are missing the test is skipped, saying why, except
// under CI (CI=true), where it fails: CI must run it.
package slurmtest

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cluster is a running single-node Slurm.
type Cluster struct {
	// Dir holds the configuration, state, logs and munge socket.
	Dir string
	// Conf is the slurm.conf the clients must use (SLURM_CONF).
	Conf string
}

// Env returns the environment for Slurm clients (sbatch, squeue): the
// process's own with SLURM_CONF set.
func (c *Cluster) Env() []string { return append(os.Environ(), "SLURM_CONF="+c.Conf) }

// commands are the programs a cluster needs.
var commands = []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"}

// unavailable skips the test, or fails it under CI.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := "Slurm cannot start here: " + fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: this test must run; .ci/run installs the packages)")
	}
	t.Skip(msg)
}

// Start starts a cluster for t and stops it when t ends.
func Start(t testing.TB) *Cluster {
	t.Helper()
	for _, c := range commands {
		if _, err := exec.LookPath(c); err != nil {
			unavailable(t, "%s is not installed (apt-get install --no-install-recommends slurmctld slurmd slurm-client munge)", c)
		}
	}
	if os.Geteuid() != 0 {
		unavailable(t, "it needs root (slurmd and munged), and this test runs as uid %d", os.Geteuid())
	}
	mu, err := user.Lookup("munge")
	if err != nil {
		unavailable(t, "no munge user: %v", err)
	}
	dir, err := os.MkdirTemp("", "slurmtest-")
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{Dir: dir, Conf: filepath.Join(dir, "slurm.conf")}
	t.Cleanup(func() {
		c.stop(t)
		if !t.Failed() {
			os.RemoveAll(dir)
		} else {
			t.Logf("slurmtest: the cluster's folder %s is kept (logs in log/)", dir)
		}
	})
	if err := c.start(mu); err != nil {
		t.Fatalf("slurmtest: %v\n%s", err, c.logs())
	}
	return c
}

// start sets up the folder and starts the daemons.
func (c *Cluster) start(mu *user.User) error {
	uid, _ := strconv.Atoi(mu.Uid)
	gid, _ := strconv.Atoi(mu.Gid)
	munge := filepath.Join(c.Dir, "munge")
	for _, d := range []string{"state", "spool", "log", "munge"} {
		if err := os.MkdirAll(filepath.Join(c.Dir, d), 0o755); err != nil {
			return err
		}
	}
	// munged wants its folder its own and searchable by all (the socket).
	if err := os.Chmod(c.Dir, 0o755); err != nil {
		return err
	}
	if err := os.Chmod(munge, 0o711); err != nil {
		return err
	}
	if err := os.Chown(munge, uid, gid); err != nil {
		return err
	}
	key := make([]byte, 128)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	keyFile := filepath.Join(munge, "munge.key")
	if err := os.WriteFile(keyFile, key, 0o400); err != nil {
		return err
	}
	if err := os.Chown(keyFile, uid, gid); err != nil {
		return err
	}
	socket := filepath.Join(munge, "munge.socket")
	md := exec.Command("munged", "--key-file="+keyFile, "--socket="+socket,
		"--pid-file="+filepath.Join(munge, "munged.pid"), "--log-file="+filepath.Join(munge, "munged.log"),
		"--seed-file="+filepath.Join(munge, "munged.seed"))
	md.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	if err := daemon(md); err != nil {
		return err
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	node, err := nodeLine()
	if err != nil {
		return err
	}
	host, err := os.Hostname()
	if err != nil {
		return err
	}
	host, _, _ = strings.Cut(host, ".")
	if err := os.WriteFile(c.Conf, []byte(conf(c.Dir, host, socket, node, ports)), 0o644); err != nil {
		return err
	}
	env := c.Env()
	ctld := exec.Command("slurmctld", "-i")
	ctld.Env = env
	if err := daemon(ctld); err != nil {
		return err
	}
	d := exec.Command("slurmd", "-N", "localhost")
	d.Env = env
	if err := daemon(d); err != nil {
		return err
	}
	return c.waitIdle(60 * time.Second)
}

// daemon runs a command that forks into the background and returns.
func daemon(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// conf is the cluster's slurm.conf.
func conf(dir, host, socket, node string, ports []int) string {
	return fmt.Sprintf(`# A single-node test cluster (package slurmtest).
ClusterName=slurmtest
SlurmctldHost=%[2]s(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=%[3]s
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=%[5]d
SlurmdPort=%[6]d
StateSaveLocation=%[1]s/state
SlurmdSpoolDir=%[1]s/spool
SlurmctldPidFile=%[1]s/slurmctld.pid
SlurmdPidFile=%[1]s/slurmd.pid
SlurmctldLogFile=%[1]s/log/slurmctld.log
SlurmdLogFile=%[1]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
%[4]s
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, dir, host, socket, node, ports[0], ports[1])
}

// nodeLine is this machine's node line (slurmd -C), for the node
// "localhost" at 127.0.0.1.
func nodeLine() (string, error) {
	out, err := exec.Command("slurmd", "-C").Output()
	if err != nil {
		return "", fmt.Errorf("slurmd -C: %w", err)
	}
	return localNode(string(out))
}

// localNode rewrites the first line of slurmd -C's output to name the
// node localhost at 127.0.0.1.
func localNode(out string) (string, error) {
	line, _, _ := strings.Cut(out, "\n")
	f := strings.Fields(line)
	if len(f) < 2 || !strings.HasPrefix(f[0], "NodeName=") {
		return "", fmt.Errorf("slurmd -C: no node line in %q", out)
	}
	return strings.Join(append([]string{"NodeName=localhost", "NodeAddr=127.0.0.1"}, f[1:]...), " "), nil
}

// freePorts returns n loopback ports free at the time of the call.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitIdle waits until the node is idle (ready for jobs).
func (c *Cluster) waitIdle(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last string
	for time.Now().Before(deadline) {
		cmd := exec.Command("sinfo", "-h", "-o", "%T")
		cmd.Env = c.Env()
		out, _ := cmd.CombinedOutput()
		last = strings.TrimSpace(string(out))
		if last == "idle" {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("the node is not idle after %s (sinfo: %q)", limit, last)
}

// stop stops the daemons by the PIDs they wrote: slurmd, slurmctld, then
// munged; each gets SIGTERM, and SIGKILL if it is still there after 10 s.
func (c *Cluster) stop(t testing.TB) {
	for _, f := range []string{"slurmd.pid", "slurmctld.pid", filepath.Join("munge", "munged.pid")} {
		data, err := os.ReadFile(filepath.Join(c.Dir, f))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 1 {
			continue
		}
		_ = syscall.Kill(pid, syscall.SIGTERM)
		deadline := time.Now().Add(10 * time.Second)
		for alive(pid) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if alive(pid) {
			t.Logf("slurmtest: %s (pid %d) did not stop on SIGTERM; killing it", f, pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// alive says whether process pid runs (a zombie, ended but not reaped by
// an init that does not reap, does not).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// The state follows the command name in parentheses: "pid (comm) S ...".
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

// logs returns the end of every daemon's log, for failure messages.
func (c *Cluster) logs() string {
	var b strings.Builder
	for _, f := range []string{"log/slurmctld.log", "log/slurmd.log", "munge/munged.log"} {
		data, err := os.ReadFile(filepath.Join(c.Dir, f))
		if err != nil {
			continue
		}
		if len(data) > 2000 {
			data = data[len(data)-2000:]
		}
		fmt.Fprintf(&b, "== %s\n%s\n", f, data)
	}
	return b.String()
}

// Logs returns the end of every daemon's log (for a test's failure
// message).
func (c *Cluster) Logs() string { return c.logs() }
