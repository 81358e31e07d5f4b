package batch

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestShellQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"cells/inv.gds", "cells/inv.gds"},
		{"--recipe=gf180mcu-to-sky130", "--recipe=gf180mcu-to-sky130"},
		{"my cells", "'my cells'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
		{"", "''"},
	} {
		if got := shellQuote(tc.in); got != tc.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestScriptRefuses(t *testing.T) {
	for _, j := range []SlurmJob{
		{Exe: "/bin/layoutmig", Tasks: 0, Out: "out"},
		{Exe: "layoutmig", Tasks: 2, Out: "out"},
		{Exe: "/bin/layoutmig", Tasks: 2, Out: "out", Extra: []string{"--time=1\n#SBATCH --x"}},
	} {
		if _, err := j.Script(); err == nil {
			t.Errorf("%+v: no error", j)
		}
	}
}

// TestScriptRunsTask runs the script as Slurm would run task 2 of 4, with a
// stand-in for layoutmig that records its arguments and ends with the
// status the test gives it: 2 (cells with violations) is a task that did
// its work.
func TestScriptRunsTask(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "fake layoutmig")
	argsFile := filepath.Join(dir, "args")
	stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + argsFile + "'\nexit \"$STUB_STATUS\"\n"
	if err := os.WriteFile(exe, []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	j := SlurmJob{Exe: exe, Args: []string{"my cells/", "--recipe", "gf180mcu-to-sky130"}, Out: "out dir", Tasks: 4,
		Dir: dir, CPUs: 2, Extra: []string{"--partition=short"}}
	script, err := j.Script()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"#SBATCH --array=0-3", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short",
		"#SBATCH --chdir=" + dir, "#SBATCH --output=out dir/logs/slurm-%A_%a.out"} {
		if !strings.Contains(script, line+"\n") {
			t.Errorf("script lacks %q:\n%s", line, script)
		}
	}
	path := filepath.Join(dir, "batch.sbatch")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	wantArgs := "batch\nmy cells/\n--recipe\ngf180mcu-to-sky130\n--out\nout dir/shard-2\n--shard\n2/4\n--resume\n"
	for _, tc := range []struct{ stub, want int }{{0, 0}, {2, 0}, {1, 1}} {
		cmd := exec.Command(bash, path)
		cmd.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=2", "STUB_STATUS="+string(rune('0'+tc.stub)))
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.want {
			t.Errorf("layoutmig ending with %d: task status %d, want %d", tc.stub, code, tc.want)
		}
		got, err := os.ReadFile(argsFile)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != wantArgs {
			t.Errorf("task ran with\n%s\nwant\n%s", got, wantArgs)
		}
	}
	// Outside a job array the script refuses to run.
	cmd := exec.Command(bash, path)
	cmd.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=")
	if err := cmd.Run(); err == nil {
		t.Error("the script ran without SLURM_ARRAY_TASK_ID")
	}
}

// TestSubmit runs Submit against a stand-in sbatch that prints what the
// test gives it and ends with the given status.
func TestSubmit(t *testing.T) {
	dir := t.TempDir()
	stub := "#!/bin/sh\nprintf '%s' \"$SBATCH_OUT\"\necho \"$SBATCH_ERR\" >&2\necho \"$@\" > \"$SBATCH_ARGS\"\nexit \"$SBATCH_STATUS\"\n"
	if err := os.WriteFile(filepath.Join(dir, "sbatch"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	argsFile := filepath.Join(dir, "args")
	t.Setenv("SBATCH_ARGS", argsFile)
	tests := []struct {
		name, out, stderr, status string
		wait                      bool
		wantID, wantArgs, wantErr string
	}{
		{"submitted", "42\n", "", "0", false, "42", "--parsable job.sbatch", ""},
		{"on a named cluster", "43;big\n", "", "0", true, "43", "--parsable --wait job.sbatch", ""},
		{"a task failed", "44\n", "", "1", true, "44", "--parsable --wait job.sbatch", "slurm job 44: a task failed"},
		{"refused", "", "sbatch: error: invalid partition", "1", false, "", "--parsable job.sbatch", "invalid partition"},
		{"no job id", "", "", "0", false, "", "--parsable job.sbatch", "no job id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SBATCH_OUT", tc.out)
			t.Setenv("SBATCH_ERR", tc.stderr)
			t.Setenv("SBATCH_STATUS", tc.status)
			id, err := Submit(context.Background(), "job.sbatch", tc.wait)
			if id != tc.wantID {
				t.Errorf("job id %q, want %q", id, tc.wantID)
			}
			if (err == nil) != (tc.wantErr == "") || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if got, _ := os.ReadFile(argsFile); strings.TrimSpace(string(got)) != tc.wantArgs {
				t.Errorf("sbatch ran with %q, want %q", got, tc.wantArgs)
			}
		})
	}
}
