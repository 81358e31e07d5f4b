package slurmtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestLocalNode(t *testing.T) {
	tests := []struct {
		out, want string
		bad       bool
	}{
		{"NodeName=vm CPUs=2 Boards=1 RealMemory=24105\nUpTime=0-03:08:55\n",
			"NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 Boards=1 RealMemory=24105", false},
		{"NodeName=a.b.c CPUs=64\n", "NodeName=localhost NodeAddr=127.0.0.1 CPUs=64", false},
		{"slurmd: error: something\n", "", true},
		{"", "", true},
	}
	for _, tc := range tests {
		got, err := localNode(tc.out)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("localNode(%q) = %q, %v; want %q (error %v)", tc.out, got, err, tc.want, tc.bad)
		}
	}
}

func TestConfNamesEverything(t *testing.T) {
	c := conf("/tmp/x", "vm", "/tmp/x/munge/munge.socket", "NodeName=localhost CPUs=2", []int{4001, 4002})
	for _, want := range []string{"SlurmctldHost=vm(127.0.0.1)\n", "AuthInfo=socket=/tmp/x/munge/munge.socket\n",
		"SlurmctldPort=4001\n", "SlurmdPort=4002\n", "StateSaveLocation=/tmp/x/state\n",
		"ProctrackType=proctrack/linuxproc\n", "TaskPlugin=task/none\n", "MailProg=/bin/true\n",
		"AccountingStorageType=accounting_storage/none\n", "NodeName=localhost CPUs=2\n"} {
		if !strings.Contains(c, want) {
			t.Errorf("slurm.conf lacks %q:\n%s", want, c)
		}
	}
}

func TestAlive(t *testing.T) {
	if !alive(os.Getpid()) {
		t.Error("this process is not alive")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command")
	}
	if alive(cmd.Process.Pid) {
		t.Errorf("an ended, reaped process (pid %d) is alive", cmd.Process.Pid)
	}
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	defer zombie.Wait()
	for i := 0; i < 200; i++ { // until it has ended, unreaped
		if !alive(zombie.Process.Pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("an ended, unreaped process (pid %d) is alive", zombie.Process.Pid)
}
