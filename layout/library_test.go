package layout

import (
	"errors"
	"testing"
)

func rect(x0, y0, x1, y1 int32) []Point {
	return []Point{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}}
}

// smallLibrary: TOP places A twice (once rotated) and a 3 x 2 array of B;
// A places B once.
func smallLibrary() (*Library, *Cell, *Cell, *Cell) {
	lib := NewLibrary("L")
	b := NewCell("B")
	b.Shapes(LayerKey{1, 0}).Polygons.Add(rect(0, 0, 10, 20), nil)
	a := NewCell("A")
	a.Shapes(LayerKey{2, 0}).Polygons.Add(rect(0, 0, 100, 100), nil)
	a.Shapes(LayerKey{2, 0}).Texts = append(a.Shapes(LayerKey{2, 0}).Texts, Text{Pos: Point{5, 5}, String: "a", Trans: Strans{Mag: 1}})
	a.Refs = append(a.Refs, Ref{Cell: b, Origin: Point{50, 50}, Trans: Strans{Mag: 1}, Cols: 1, Rows: 1})
	top := NewCell("TOP")
	top.Refs = append(top.Refs,
		Ref{Cell: a, Origin: Point{0, 0}, Trans: Strans{Mag: 1}, Cols: 1, Rows: 1},
		Ref{Cell: a, Origin: Point{1000, 0}, Trans: Strans{Mag: 1, Angle: 90, HasAngle: true, Reflect: true}, Cols: 1, Rows: 1},
		Ref{Cell: b, Origin: Point{0, 500}, Trans: Strans{Mag: 1}, IsArray: true, Cols: 3, Rows: 2, ColStep: Point{20, 0}, RowStep: Point{0, 30}},
	)
	lib.AddCell(b)
	lib.AddCell(a)
	lib.AddCell(top)
	return lib, top, a, b
}

func TestHierarchy(t *testing.T) {
	lib, top, a, b := smallLibrary()
	if err := lib.Validate(); err != nil {
		t.Fatal(err)
	}
	tops := lib.TopCells()
	if len(tops) != 1 || tops[0] != top {
		t.Errorf("TopCells = %v, want [TOP]", tops)
	}
	order, err := lib.BottomUp()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[*Cell]int{}
	for i, c := range order {
		pos[c] = i
	}
	if !(pos[b] < pos[a] && pos[a] < pos[top]) {
		t.Errorf("BottomUp order %v: children must come first", names(order))
	}
}

func names(cs []*Cell) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Name)
	}
	return s
}

func TestCycles(t *testing.T) {
	tests := []struct {
		name  string
		build func() *Library
	}{
		{"self reference", func() *Library {
			l := NewLibrary("L")
			c := NewCell("C")
			c.Refs = append(c.Refs, Ref{Cell: c, Cols: 1, Rows: 1})
			l.AddCell(c)
			return l
		}},
		{"A -> B -> A", func() *Library {
			l := NewLibrary("L")
			a, b := NewCell("A"), NewCell("B")
			a.Refs = append(a.Refs, Ref{Cell: b, Cols: 1, Rows: 1})
			b.Refs = append(b.Refs, Ref{Cell: a, Cols: 1, Rows: 1})
			l.AddCell(a)
			l.AddCell(b)
			return l
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.build().Validate()
			var ce *CycleError
			if !errors.As(err, &ce) {
				t.Fatalf("Validate = %v, want a CycleError", err)
			}
			if len(ce.Path) < 2 || ce.Path[0] != ce.Path[len(ce.Path)-1] {
				t.Errorf("cycle path %v must start and end with the same cell", ce.Path)
			}
		})
	}
}

func TestValidateRejectsForeignCells(t *testing.T) {
	l := NewLibrary("L")
	c := NewCell("C")
	c.Refs = append(c.Refs, Ref{Cell: NewCell("ELSEWHERE"), Cols: 1, Rows: 1})
	l.AddCell(c)
	if err := l.Validate(); err == nil {
		t.Error("a reference to a cell outside the library must be an error")
	}
	l2 := NewLibrary("L")
	l2.AddCell(NewCell("X"))
	l2.AddCell(NewCell("X"))
	if err := l2.Validate(); err == nil {
		t.Error("two cells of one name must be an error")
	}
}

func TestBoundsAndFlatten(t *testing.T) {
	lib, top, a, _ := smallLibrary()
	if got, want := lib.Bounds(a), (Box{Point{0, 0}, Point{100, 100}}); got != want {
		t.Errorf("Bounds(A) = %v, want %v", got, want)
	}
	// TOP: A at origin (0..100), A mirrored and rotated by 90 at x=1000:
	// (x, y) -> (y, x) + (1000, 0), so 1000..1100 x 0..100; the array of B
	// spans x 0..50, y 500..550.
	if got, want := lib.Bounds(top), (Box{Point{0, 0}, Point{1100, 550}}); got != want {
		t.Errorf("Bounds(TOP) = %v, want %v", got, want)
	}
	counts, err := lib.FlatCount(top)
	if err != nil {
		t.Fatal(err)
	}
	if got := counts[LayerKey{1, 0}].Polygons; got != 2+6 {
		t.Errorf("flat B polygons = %d, want 8", got)
	}
	if got := counts[LayerKey{2, 0}].Texts; got != 2 {
		t.Errorf("flat texts = %d, want 2", got)
	}
	flat := lib.Flatten(top, "FLAT")
	if got := flat.Count(); got.Polygons != 10 || got.Texts != 2 {
		t.Errorf("Flatten counts %+v, want 10 polygons and 2 texts", got)
	}
	fl := NewLibrary("F")
	fl.AddCell(flat)
	if got, want := fl.Bounds(flat), lib.Bounds(top); got != want {
		t.Errorf("flat bounds %v != hierarchical bounds %v", got, want)
	}
	// The mirrored A's B lands at (50,50)+ -> mirrored and rotated:
	// (x, y) -> (y, x) + (1000, 0): B's box 50..60 x 50..70 becomes
	// 1050..1070 x 50..60.
	s := flat.Layers[LayerKey{1, 0}]
	found := false
	for _, pts := range s.Polygons.All() {
		if BoxOf(pts) == (Box{Point{1050, 50}, Point{1070, 60}}) {
			found = true
		}
	}
	if !found {
		t.Error("the mirrored, rotated instance of B is not where it belongs")
	}
	// Array instances: 3 columns 20 apart, 2 rows 30 apart.
	var arr []Box
	for _, pts := range s.Polygons.All() {
		if b := BoxOf(pts); b.Min.Y >= 500 {
			arr = append(arr, b)
		}
	}
	if len(arr) != 6 {
		t.Fatalf("array instances = %d, want 6", len(arr))
	}
}

func TestPathBounds(t *testing.T) {
	tests := []struct {
		name string
		p    Path
		want Box
	}{
		{"flush", Path{Points: []Point{{0, 0}, {100, 0}}, Width: 20, Type: PathFlush}, Box{Point{0, -10}, Point{100, 10}}},
		{"extended", Path{Points: []Point{{0, 0}, {100, 0}}, Width: 20, Type: PathExtended}, Box{Point{-10, -10}, Point{110, 10}}},
		{"custom", Path{Points: []Point{{0, 0}, {0, 100}}, Width: 20, Type: PathCustom, BgnExtn: 5, EndExtn: 30}, Box{Point{-10, -5}, Point{10, 130}}},
		{"negative width is absolute", Path{Points: []Point{{0, 0}, {100, 0}}, Width: -20}, Box{Point{0, -10}, Point{100, 10}}},
		{"L shape", Path{Points: []Point{{0, 0}, {100, 0}, {100, 50}}, Width: 10}, Box{Point{0, -5}, Point{105, 50}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Bounds(); got != tc.want {
				t.Errorf("Bounds = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPolygonSetBlocks(t *testing.T) {
	var a, b, all PolygonSet
	for i := int32(0); i < 5; i++ {
		a.Add(rect(i, 0, i+1, 1), nil)
		b.Add(append(rect(10*i, 0, 10*i+5, 5), Point{10 * i, 0}), &ElementInfo{Properties: []Property{{1, "x"}}})
	}
	if got := len(b.Polygon(0)); got != 4 {
		t.Errorf("closing point kept: %d points", got)
	}
	all.AppendSet(&a)
	all.AppendSet(&b)
	all.Add(rect(0, 0, 1000, 1000), nil)
	if all.Len() != 11 || all.NumPoints() != 44 {
		t.Fatalf("Len %d NumPoints %d, want 11 and 44", all.Len(), all.NumPoints())
	}
	for i := 0; i < 5; i++ {
		if BoxOf(all.Polygon(i)) != BoxOf(a.Polygon(i)) || BoxOf(all.Polygon(5+i)) != BoxOf(b.Polygon(i)) {
			t.Fatalf("polygon %d differs after AppendSet", i)
		}
	}
	// Random access in any order agrees with iteration.
	n := 0
	for i, pts := range all.All() {
		if BoxOf(all.Polygon(10-i)) != BoxOf(all.Polygon(10-i)) || BoxOf(all.Polygon(i)) != BoxOf(pts) {
			t.Fatalf("polygon %d: random access disagrees with iteration", i)
		}
		n++
	}
	if n != 11 {
		t.Errorf("All yielded %d polygons", n)
	}
	if len(all.Info) != 5 || all.Info[5] == nil || all.Info[9] == nil {
		t.Errorf("info not re-indexed: %v", all.Info)
	}
	// Adding after AppendSet must not write into b's arena.
	if BoxOf(b.Polygon(4)) != (Box{Point{40, 0}, Point{45, 5}}) {
		t.Error("AppendSet source was modified")
	}
	c := all.Clone()
	if c.Len() != all.Len() || len(c.blocks) != 1 {
		t.Errorf("Clone: %d polygons in %d blocks", c.Len(), len(c.blocks))
	}
	for i := 0; i < c.Len(); i++ {
		if BoxOf(c.Polygon(i)) != BoxOf(all.Polygon(i)) {
			t.Fatalf("clone polygon %d differs", i)
		}
	}
	c.Reset()
	if c.Len() != 0 || c.NumPoints() != 0 {
		t.Error("Reset left polygons")
	}
}
