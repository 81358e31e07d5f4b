package techfiles

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// embeddedSet is one folder of embedded YAML files (technologies or
// recipes) and how to read one.
type embeddedSet[T any] struct {
	fsys fs.FS
	dir  string // folder inside fsys ("." or "recipes")
	what string // "technology" or "recipe", for errors
	// parse reads embedded YAML text; loadFile reads a file of one's own.
	parse    func(name string, data []byte) (T, error)
	loadFile func(path string) (T, error)
}

// names returns the names of the YAML files of the set, sorted, without
// their extension.
func (s embeddedSet[T]) names() []string {
	entries, _ := fs.ReadDir(s.fsys, s.dir)
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// source returns the YAML text of one embedded file.
func (s embeddedSet[T]) source(name string) ([]byte, error) {
	data, err := fs.ReadFile(s.fsys, path.Join(s.dir, name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("techfiles: no embedded %s %q (known: %s)", s.what, name, strings.Join(s.names(), ", "))
	}
	return data, nil
}

// load returns the embedded entry of that name, or loads the YAML file at
// that path when nameOrPath is not an embedded name (a path contains a
// slash or ends in .yaml or .yml, or names an existing file).
func (s embeddedSet[T]) load(nameOrPath string) (T, error) {
	if !strings.ContainsAny(nameOrPath, `/\`) {
		if data, err := fs.ReadFile(s.fsys, path.Join(s.dir, nameOrPath+".yaml")); err == nil {
			return s.parse(nameOrPath+".yaml", data)
		}
	}
	ext := path.Ext(nameOrPath)
	if strings.ContainsAny(nameOrPath, `/\`) || ext == ".yaml" || ext == ".yml" {
		return s.loadFile(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err == nil {
		return s.loadFile(nameOrPath)
	}
	var zero T
	return zero, fmt.Errorf("techfiles: %q is neither an embedded %s (%s) nor a file", nameOrPath, s.what, strings.Join(s.names(), ", "))
}
