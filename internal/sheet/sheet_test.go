package sheet

import (
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

func box(c *layout.Cell, x0, y0, x1, y1 int32) {
	c.Shapes(layout.LayerKey{Layer: 1}).Polygons.Add([]layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}, nil)
}

func TestMergePlaceArray(t *testing.T) {
	// Two libraries; the second carries its own copy of A, as library
	// files often do, placed by B.
	l1 := layout.NewLibrary("L1")
	a := layout.NewCell("A")
	box(a, 0, 0, 100, 200)
	l1.AddCell(a)
	l2 := layout.NewLibrary("L2")
	a2 := layout.NewCell("A")
	box(a2, 0, 0, 100, 200)
	b := layout.NewCell("B")
	box(b, -50, -50, 250, 150)
	b.Refs = append(b.Refs, layout.Ref{Cell: a2, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1})
	l2.AddCell(a2)
	l2.AddCell(b)

	lib, err := Merge("S", l1, l2)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Cells) != 2 || lib.Cells[1].Refs[0].Cell != a {
		t.Fatalf("duplicate A not folded into the first: %d cells", len(lib.Cells))
	}
	sh, err := Place(lib, "SHEET", Options{Gap: 10, RowWidth: 1000})
	if err != nil {
		t.Fatal(err)
	}
	// Top cells sorted by name: only B is a top cell (A is placed by B).
	if len(sh.Refs) != 1 || sh.Refs[0].Cell.Name != "B" {
		t.Fatalf("sheet places %d cells", len(sh.Refs))
	}
	if got := sh.Refs[0].Origin; got != (layout.Point{X: 50, Y: 50}) {
		t.Errorf("B placed at %v, want its bounding box at the origin (50, 50)", got)
	}
	arr := Array(lib, sh, "ARR", 3, 2, 10)
	bb := lib.Bounds(arr)
	if want := (layout.Box{Max: layout.Point{X: 3*300 + 2*10, Y: 2*250 + 10}}); bb != want { // B with A: 300 x 250
		t.Errorf("array bounds %v, want %v", bb, want)
	}
	flat := FlatLibrary(lib, arr, "FLAT")
	if n := flat.Cells[0].Count().Polygons; n != 6*2 {
		t.Errorf("flat polygons %d, want 12", n)
	}
	hier, err := Hierarchy(lib, arr)
	if err != nil {
		t.Fatal(err)
	}
	if len(hier.Cells) != 4 || hier.Cells[len(hier.Cells)-1] != arr {
		t.Errorf("hierarchy has %d cells, want A, B, SHEET, ARR in bottom-up order", len(hier.Cells))
	}
}

func TestMergeRejectsMixedUnits(t *testing.T) {
	l1, l2 := layout.NewLibrary("A"), layout.NewLibrary("B")
	l2.MetersPerDBU = 1e-10
	if _, err := Merge("S", l1, l2); err == nil {
		t.Error("libraries of different database units must not merge")
	}
}
