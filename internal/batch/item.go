package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/layoutmig/layoutmig/gds"
)

// Item is one unit of work: a top cell of an input file.
type Item struct {
	// Name is the cell's name in the batch, unique among all items: the top
	// cell's name, or "<cell>@<file stem>" when two input files have a top
	// cell of that name. It names the outputs (cells/<Name>.gds).
	Name string
	// File is the input file as given (or as found in a given folder).
	File string
	// Cell is the top cell's name inside File; empty when File could not
	// be read (the item then fails with Err).
	Cell string
	// FileHash is the SHA-256 of File's bytes (hex).
	FileHash string
	// Err says why File could not be read (the item fails, the others run).
	Err string
}

// Files expands the inputs into GDS files: a file is taken as it is, a
// folder gives its *.gds files (not those of its subfolders), sorted. A
// file named twice is taken once.
func Files(inputs []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		if !seen[abs] {
			seen[abs] = true
			out = append(out, p)
		}
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, fmt.Errorf("input %w", err)
		}
		if !st.IsDir() {
			add(in)
			continue
		}
		ents, err := os.ReadDir(in)
		if err != nil {
			return nil, fmt.Errorf("input folder %s: %w", in, err)
		}
		var names []string
		for _, e := range ents {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".gds") {
				names = append(names, e.Name())
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("input folder %s: no .gds files", in)
		}
		sort.Strings(names)
		for _, n := range names {
			add(filepath.Join(in, n))
		}
	}
	return out, nil
}

// Discover reads every file (jobs at a time) and returns one item per top
// cell, sorted by name. A file that cannot be read gives one failed item
// named after the file, so that it shows in the summary without stopping
// the others.
func Discover(ctx context.Context, files []string, jobs int) ([]Item, error) {
	perFile := make([][]Item, len(files))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(jobs, 1))
	for i, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			perFile[i] = discoverFile(f)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var items []Item
	for _, its := range perFile {
		items = append(items, its...)
	}
	return uniqueNames(items)
}

// discoverFile reads one file and lists its top cells.
func discoverFile(file string) []Item {
	data, err := os.ReadFile(file)
	if err != nil {
		return []Item{{Name: stem(file), File: file, Err: err.Error()}}
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	lib, err := gds.Read(bytes.NewReader(data), gds.ReadOptions{FileName: file, Workers: 1})
	if err != nil {
		return []Item{{Name: stem(file), File: file, FileHash: hash, Err: err.Error()}}
	}
	tops := lib.TopCells()
	if len(tops) == 0 {
		return []Item{{Name: stem(file), File: file, FileHash: hash, Err: file + ": no top cell"}}
	}
	items := make([]Item, 0, len(tops))
	for _, c := range tops {
		items = append(items, Item{Name: c.Name, File: file, Cell: c.Name, FileHash: hash})
	}
	return items
}

// stem is a file's base name without its extension.
func stem(file string) string {
	b := filepath.Base(file)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// uniqueNames renames items whose names clash ("<cell>@<file stem>") and
// sorts them by name. Names that still clash, or that are not usable as
// file names, are an error.
func uniqueNames(items []Item) ([]Item, error) {
	count := map[string]int{}
	for _, it := range items {
		count[it.Name]++
	}
	for i := range items {
		if count[items[i].Name] > 1 {
			items[i].Name += "@" + stem(items[i].File)
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	for i := range items {
		if err := checkName(items[i].Name); err != nil {
			return nil, fmt.Errorf("%s: %w", items[i].File, err)
		}
		if i > 0 && items[i].Name == items[i-1].Name {
			return nil, fmt.Errorf("cell %s is a top cell of both %s and %s, which have the same file name",
				items[i].Cell, items[i-1].File, items[i].File)
		}
	}
	return items, nil
}

// checkName refuses names that cannot name an output file.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
		return fmt.Errorf("cell name %q cannot name an output file", name)
	}
	return nil
}
