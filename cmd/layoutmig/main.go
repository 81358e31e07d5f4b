// Command layoutmig is the command line of layoutmig, a tool for IC layout
// process-node migration. Its commands so far read, summarize and rewrite
// GDSII.
//
// Each command lives in its own file (info.go, convert.go, version.go);
// root.go holds what they share: the persistent --quiet and --verbose flags,
// the way inputs are opened (a GDSII file or the embedded layout "@demo")
// and the way errors are reported (on stderr as "layoutmig: <error>", exit
// status 1).
//
// Usage:
//
//	layoutmig info FILE [--json]
//	layoutmig convert IN OUT
//	layoutmig version
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
