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

	"github.com/layoutmig/layoutmig/rules"
)

//go:embed *.yaml
var files embed.FS

// techs are the embedded technologies.
var techs = embeddedSet[*rules.Tech]{fsys: files, dir: ".", what: "technology", parse: rules.Parse, loadFile: rules.LoadFile}

// Names returns the names of the embedded technologies, sorted.
func Names() []string { return techs.names() }

// Source returns the YAML text of an embedded technology.
func Source(name string) ([]byte, error) { return techs.source(name) }

// Load returns the technology of that embedded name ("sky130"), or loads the
// YAML file at that path when nameOrPath is not an embedded name (a path
// contains a slash or ends in .yaml or .yml, or names an existing file).
func Load(nameOrPath string) (*rules.Tech, error) { return techs.load(nameOrPath) }
