package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
)

// runCLI runs the command line in-process and returns what it printed and
// its exit status.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, &out, &errOut)
	return out.String(), errOut.String(), status
}

// writeTruncatedDemo writes the demo library's GDSII cut off after half its
// bytes, and returns the file's path.
func writeTruncatedDemo(t *testing.T, dir string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := gds.Write(&buf, demo.Library()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "truncated.gds")
	if err := os.WriteFile(path, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr, after "layoutmig: "
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"info without a file", []string{"info"}, "info: missing FILE"},
		{"info with two files", []string{"info", "a.gds", "b.gds"}, "info: too many arguments"},
		{"convert without output", []string{"convert", "@demo"}, "convert: missing OUT"},
		{"convert without arguments", []string{"convert"}, "convert: missing IN and OUT"},
		{"version with an argument", []string{"version", "x"}, "version: too many arguments"},
		{"unknown flag", []string{"info", "--colour", "@demo"}, "unknown flag: --colour"},
		{"quiet and verbose", []string{"info", "-q", "-v", "@demo"}, "--quiet and --verbose cannot be used together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := runCLI(t, tt.args...)
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			if !strings.HasPrefix(stderr, "layoutmig: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want \"layoutmig: ...%s...\"", stderr, tt.want)
			}
			if !strings.Contains(stderr, "--help' for usage") {
				t.Errorf("stderr %q does not point to --help", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

// TestHelpHasExamples checks that every command's --help shows an example.
func TestHelpHasExamples(t *testing.T) {
	root := newRootCmd(&options{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}})
	cmds := append(root.Commands(), root)
	for _, c := range cmds {
		if c.Name() == "help" {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			args := []string{"--help"}
			if c != root {
				args = []string{c.Name(), "--help"}
			}
			stdout, stderr, status := runCLI(t, args...)
			if status != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q", status, stderr)
			}
			if !strings.Contains(stdout, "Examples:\n  layoutmig") && !strings.Contains(stdout, "Examples:\n  # ") {
				t.Errorf("help has no example:\n%s", stdout)
			}
			for _, flag := range []string{"--quiet", "--verbose"} {
				if !strings.Contains(stdout, flag) {
					t.Errorf("help does not mention %s", flag)
				}
			}
		})
	}
}

func TestNoArgumentsPrintsHelp(t *testing.T) {
	stdout, _, status := runCLI(t)
	if status != 0 || !strings.Contains(stdout, "Available Commands:") {
		t.Errorf("exit status %d, stdout %q", status, stdout)
	}
	for _, cmd := range []string{"info", "convert", "version"} {
		if !strings.Contains(stdout, "\n  "+cmd+" ") {
			t.Errorf("help does not list %s", cmd)
		}
	}
}
