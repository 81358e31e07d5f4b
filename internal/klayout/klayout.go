// Package klayout runs KLayout in batch mode (`klayout -b -r script.rb -rd
// name=value`) for the cross-check tests: KLayout is the reference engine our
// results must equal. Tests start KLayout once per package for many cases,
// never once per case.
//
// When KLayout is not installed, Require skips the test, saying so; under CI
// (the CI environment variable set) it fails instead, because a cross-check
// that silently does not run proves nothing.
package klayout

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"testing"
)

// Binary returns the path of the klayout executable, or an error if it is
// not on PATH.
func Binary() (string, error) {
	return exec.LookPath("klayout")
}

// Require returns the klayout executable or stops the test: a skip on a
// developer machine without KLayout, a failure under CI.
func Require(t testing.TB) string {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("KLayout is required under CI (.ci/run installs it): %v", err)
		}
		t.Skipf("KLayout not installed (apt-get install -y klayout): %v", err)
	}
	return bin
}

// Run executes a Ruby script in KLayout's batch mode with the given
// variables (visible in the script as $name) and returns its standard
// output. A non-zero exit is an error that carries standard error.
func Run(ctx context.Context, script string, vars map[string]string) ([]byte, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	args := []string{"-b", "-nc", "-rx", "-r", script}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-rd", k+"="+vars[k])
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("klayout %s: %w\n%s", script, err, stderr.String())
	}
	return stdout.Bytes(), nil
}
