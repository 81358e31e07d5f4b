package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is the release of layoutmig.
const Version = "0.1.0-dev"

func newVersionCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of layoutmig",
		Long: `version prints the release of layoutmig and, when the binary was built from
a version-controlled checkout, the commit it was built from ("-dirty" when
it had uncommitted changes). --verbose adds the Go version and platform.`,
		Example: `  layoutmig version
  layoutmig version --verbose`,
		Args: wantArgs(),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			info, ok := debug.ReadBuildInfo()
			_, err := fmt.Fprintf(o.stdout, "layoutmig %s\n", formatVersion(info, ok))
			if err == nil && o.verbose && ok {
				_, err = fmt.Fprintf(o.stdout, "built with %s for %s/%s\n", info.GoVersion, setting(info, "GOOS"), setting(info, "GOARCH"))
			}
			return err
		},
	}
}

// versionString is the version with the build's commit when known.
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	return formatVersion(info, ok)
}

// formatVersion returns Version followed by the vcs revision of the build
// info, if it has one: "0.1.0-dev (1616426a1b2c)" or
// "0.1.0-dev (1616426a1b2c-dirty)".
func formatVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return Version
	}
	rev := setting(info, "vcs.revision")
	if rev == "" {
		return Version
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if setting(info, "vcs.modified") == "true" {
		rev += "-dirty"
	}
	return fmt.Sprintf("%s (%s)", Version, rev)
}

func setting(info *debug.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
