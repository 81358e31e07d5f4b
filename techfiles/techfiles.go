// Package techfiles ships the technology files of layoutmig inside the
// binary (go:embed): sky130, gf180mcu, ihp-sg13g2 and freepdk45. Each is a
// YAML file in the format of package rules, with the foundry's layer table,
// rule ids, descriptions and values and the public documents they were read
// from. Load takes an embedded name or a path to a YAML file of one's own.
//
// Package techfiles owns these files and nothing else: the model, loader and
// KLayout export are package rules.
package techfiles

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/rules"
)

//go:embed *.yaml
var files embed.FS

// Names returns the names of the embedded technologies, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Source returns the YAML text of an embedded technology.
func Source(name string) ([]byte, error) {
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("techfiles: no embedded technology %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return data, nil
}

// Load returns the technology of that embedded name ("sky130"), or loads the
// YAML file at that path when nameOrPath is not an embedded name (a path
// contains a slash or ends in .yaml or .yml, or names an existing file).
func Load(nameOrPath string) (*rules.Tech, error) {
	if data, err := files.ReadFile(nameOrPath + ".yaml"); err == nil && !strings.ContainsAny(nameOrPath, `/\`) {
		return rules.Parse(nameOrPath+".yaml", data)
	}
	ext := path.Ext(nameOrPath)
	if strings.ContainsAny(nameOrPath, `/\`) || ext == ".yaml" || ext == ".yml" {
		return rules.LoadFile(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err == nil {
		return rules.LoadFile(nameOrPath)
	}
	return nil, fmt.Errorf("techfiles: %q is neither an embedded technology (%s) nor a file", nameOrPath, strings.Join(Names(), ", "))
}
