package batch

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// Layers of the generated test layouts.
var (
	metal1 = layout.LayerKey{Layer: 34}
	via1   = layout.LayerKey{Layer: 35}
)

// addBox adds a rectangle to a cell.
func addBox(c *layout.Cell, k layout.LayerKey, x1, y1, x2, y2 int32) {
	c.Shapes(k).Polygons.Add([]layout.Point{{X: x1, Y: y1}, {X: x2, Y: y1}, {X: x2, Y: y2}, {X: x1, Y: y2}}, nil)
}

// cellLib is a library of top cells, each a box of its own width and a
// placed subcell VIA (a via of size via), with fixed timestamps.
func cellLib(name string, via int32, tops ...string) *layout.Library {
	lib := layout.NewLibrary(name)
	lib.Modified = layout.Timestamp{2025, 1, 2, 3, 4, 5}
	lib.Accessed = lib.Modified
	v := layout.NewCell("VIA")
	addBox(v, via1, 0, 0, via, via)
	lib.AddCell(v)
	for i, t := range tops {
		c := layout.NewCell(t)
		addBox(c, metal1, 0, 0, 1000+100*int32(i), 500)
		c.Refs = append(c.Refs, layout.Ref{Cell: v, Origin: layout.Point{X: 100, Y: 100}})
		lib.AddCell(c)
	}
	return lib
}

// writeLib writes lib to dir/file and returns the path.
func writeLib(t *testing.T, dir, file string, lib *layout.Library) string {
	t.Helper()
	p := filepath.Join(dir, file)
	if err := gds.WriteFile(p, lib); err != nil {
		t.Fatal(err)
	}
	return p
}

// library writes n one-cell files C000.gds ... into a new folder and
// returns it.
func library(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		name := fmt.Sprintf("C%03d", i)
		writeLib(t, dir, name+".gds", cellLib(name, 50, name))
	}
	return dir
}

// fakeWork is a Work that counts its calls: a cell whose name contains
// "FAIL" fails, one with "PANIC" panics, one with "DIRTY" has violations;
// the output is the input library (the top cell and what it places).
type fakeWork struct {
	calls atomic.Int64
	// cancelAfter, if positive, cancels cancel after that many calls.
	cancelAfter int64
	cancel      context.CancelFunc
}

func (f *fakeWork) work(ctx context.Context, it Item, lib *layout.Library) (*Outcome, error) {
	n := f.calls.Add(1)
	if f.cancelAfter > 0 && n > f.cancelAfter {
		f.cancel()
		return nil, ctx.Err()
	}
	switch {
	case strings.Contains(it.Name, "FAIL"):
		return nil, fmt.Errorf("%s: cell %s: no good", it.File, it.Cell)
	case strings.Contains(it.Name, "PANIC"):
		var m map[string]int
		m["x"]++ // a nil map write: the panic Run must survive
	}
	out := &Outcome{Library: lib, Status: StatusClean, Fixes: map[string]int{"width": len(it.Name)}, AreaRatio: 0.5,
		Detail: map[string]string{"cell": it.Cell}}
	if strings.Contains(it.Name, "DIRTY") {
		out.Status, out.Violations = StatusViolations, 3
	}
	return out, nil
}

// sameFolders fails unless two folders hold the same files with the same
// bytes (times aside).
func sameFolders(t *testing.T, a, b string) {
	t.Helper()
	diffs, err := CompareFolders(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
}
