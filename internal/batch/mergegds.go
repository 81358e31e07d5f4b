package batch

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"path/filepath"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// MergeLibraries puts the cells of libs into one library named name. The
// libraries must share their units. Cells of the same name are compared by
// content (their own elements and, recursively, the cells they place;
// timestamps aside): identical ones are kept once, and a different one is
// renamed "<name>$1" (or $2, ...), the first free suffix, in the order of
// libs and, inside each, bottom-up. The result depends only on the order
// of libs. The input libraries' cells are reused, and their references
// rewired, so the inputs must not be used afterwards.
func MergeLibraries(libs []*layout.Library, name string) (*layout.Library, error) {
	out := layout.NewLibrary(name)
	if len(libs) == 0 {
		return out, nil
	}
	first := libs[0]
	out.Version, out.Modified, out.Accessed = first.Version, first.Modified, first.Accessed
	out.UserUnit, out.MetersPerDBU, out.UnitsRaw = first.UserUnit, first.MetersPerDBU, first.UnitsRaw
	type kept struct {
		cell *layout.Cell
		sum  string
	}
	byName := map[string]kept{}
	sums := map[*layout.Cell]string{}
	for li, lib := range libs {
		if lib.UserUnit != first.UserUnit || lib.MetersPerDBU != first.MetersPerDBU {
			return nil, fmt.Errorf("merge: library %d (%s) has units %g/%g m, the first %g/%g m",
				li, lib.Name, lib.UserUnit, lib.MetersPerDBU, first.UserUnit, first.MetersPerDBU)
		}
		order, err := lib.BottomUp()
		if err != nil {
			return nil, fmt.Errorf("merge: library %s: %w", lib.Name, err)
		}
		same := map[*layout.Cell]*layout.Cell{}
		for _, c := range order {
			for i := range c.Refs {
				if k, ok := same[c.Refs[i].Cell]; ok {
					c.Refs[i].Cell = k
				}
			}
			sum, err := cellSum(c, sums)
			if err != nil {
				return nil, fmt.Errorf("merge: library %s: cell %s: %w", lib.Name, c.Name, err)
			}
			orig := c.Name
			for n := 0; ; n++ {
				nm := orig
				if n > 0 {
					nm = fmt.Sprintf("%s$%d", orig, n)
				}
				k, ok := byName[nm]
				if !ok {
					c.Name = nm
					out.AddCell(c)
					byName[nm] = kept{c, sum}
					sums[c] = sum
					same[c] = c
					break
				}
				if k.sum == sum {
					same[c] = k.cell
					break
				}
			}
		}
	}
	return out, nil
}

// cellSum hashes a cell's content: its elements as GDSII (name and
// timestamps aside) and its references with the sums of the cells they
// place (which sums must hold).
func cellSum(c *layout.Cell, sums map[*layout.Cell]string) (string, error) {
	h := sha256.New()
	own := *c
	own.Name, own.Refs = "X", nil
	own.Modified, own.Accessed = layout.Timestamp{}, layout.Timestamp{}
	tmp := layout.NewLibrary("X")
	tmp.AddCell(&own)
	if err := gds.Write(h, tmp); err != nil {
		return "", err
	}
	for i := range c.Refs {
		r := c.Refs[i]
		child, ok := sums[r.Cell]
		if !ok {
			return "", fmt.Errorf("reference to cell %s, not merged before it", r.Cell.Name)
		}
		r.Cell = nil
		if err := writeJSON(h, child, r); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

func writeJSON(h hash.Hash, v ...any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h.Write(data)
	return nil
}

// MergeGDS merges the GDS files (in the order given) into one library and
// writes it to out, atomically; the library is named after out's stem.
func MergeGDS(files []string, out string) error {
	libs := make([]*layout.Library, 0, len(files))
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{FileName: f})
		if err != nil {
			return err
		}
		libs = append(libs, lib)
	}
	merged, err := MergeLibraries(libs, stem(filepath.Base(out)))
	if err != nil {
		return err
	}
	return gds.WriteFile(out, merged)
}

// CellFiles returns the GDS outputs of a summary's cells in dir, in the
// summary's (name) order; cells that were not migrated have none.
func CellFiles(dir string, s *Summary) []string {
	var files []string
	for _, r := range s.Rows {
		p := cellPath(dir, r.Cell)
		if _, err := os.Stat(p); err == nil {
			files = append(files, p)
		}
	}
	return files
}
