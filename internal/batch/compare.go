package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// WithoutTimes returns an output file's content without the parts that
// change from run to run: the "elapsed_s" fields of a JSON file (at any
// depth; the result is compact JSON) and the elapsed_s column of a CSV
// summary. Other files are returned as they are.
func WithoutTimes(name string, data []byte) ([]byte, error) {
	switch filepath.Ext(name) {
	case ".json":
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		dropTimes(v)
		return json.Marshal(v)
	case ".csv":
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		col := -1
		for i, r := range recs {
			if i == 0 {
				for j, h := range r {
					if h == "elapsed_s" {
						col = j
					}
				}
			}
			if col >= 0 && col < len(r) {
				r[col] = ""
			}
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(recs); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return data, nil
}

func dropTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "elapsed_s")
		for _, e := range x {
			dropTimes(e)
		}
	case []any:
		for _, e := range x {
			dropTimes(e)
		}
	}
}

// CompareFolders compares the files under two output folders (the files
// and sub-folders named in skip, relative to the folders, left out), times aside (WithoutTimes), and describes each
// difference: a file in one folder only, or a file whose content differs.
func CompareFolders(a, b string, skip ...string) ([]string, error) {
	fa, err := comparableFiles(a, skip)
	if err != nil {
		return nil, err
	}
	fb, err := comparableFiles(b, skip)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for n := range fa {
		names[n] = true
	}
	for n := range fb {
		names[n] = true
	}
	var diffs []string
	for n := range names {
		x, okx := fa[n]
		y, oky := fb[n]
		switch {
		case !okx:
			diffs = append(diffs, fmt.Sprintf("%s: only in %s", n, b))
		case !oky:
			diffs = append(diffs, fmt.Sprintf("%s: only in %s", n, a))
		case !bytes.Equal(x, y):
			diffs = append(diffs, fmt.Sprintf("%s: differs", n))
		}
	}
	sort.Strings(diffs)
	return diffs, nil
}

// comparableFiles reads the files under dir (relative name -> content
// without times).
func comparableFiles(dir string, skip []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, s := range skip {
			if rel == s {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if out[rel], err = WithoutTimes(rel, data); err != nil {
			return err
		}
		return nil
	})
	return out, err
}
