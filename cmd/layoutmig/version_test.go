package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	build := func(kv ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{}
		for i := 0; i+1 < len(kv); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return info
	}
	const rev = "1616426abcdef0123456789abcdef0123456789a"
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, Version},
		{"built without version control", build("GOOS", "linux"), true, Version},
		{"clean checkout", build("vcs.revision", rev, "vcs.modified", "false"), true, Version + " (1616426abcde)"},
		{"uncommitted changes", build("vcs.revision", rev, "vcs.modified", "true"), true, Version + " (1616426abcde-dirty)"},
		{"short revision", build("vcs.revision", "abc"), true, Version + " (abc)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.info, tt.ok); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"version", []string{"version"}, []string{"layoutmig " + Version}},
		{"--version flag", []string{"--version"}, []string{"layoutmig " + Version}},
		{"verbose", []string{"version", "--verbose"}, []string{"layoutmig " + Version, "built with go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := runCLI(t, tt.args...)
			if status != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q", status, stderr)
			}
			if !strings.HasPrefix(stdout, "layoutmig ") {
				t.Errorf("stdout %q does not start with the name", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout %q lacks %q", stdout, w)
				}
			}
		})
	}
}
