package demo

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

func TestSketchIsValid(t *testing.T) {
	lib := Sketch()
	if err := lib.Validate(); err != nil {
		t.Fatal(err)
	}
	if lib.Name != SketchName || lib.MetersPerDBU != 1e-9 || lib.UserUnit != 0.001 {
		t.Errorf("library %q with %g m and %g user units per dbu, want %q in 1 nm dbu", lib.Name, lib.MetersPerDBU, lib.UserUnit, SketchName)
	}
	tops := lib.TopCells()
	if len(tops) != 1 || tops[0].Name != SketchTop {
		t.Errorf("top cells %v, want only %s", names(tops), SketchTop)
	}
}

func TestSketchCells(t *testing.T) {
	lib := Sketch()
	tests := []struct {
		cell   string
		refs   int // placements (an array counts once)
		layers []layout.LayerKey
	}{
		{"CONT", 0, []layout.LayerKey{Contact}},
		{"INV_X1", 0, []layout.LayerKey{PRBoundary, Nwell, COMP, Poly2, Pplus, Nplus, Contact, Metal1, Metal1Lbl}},
		{"NAND2_X1", 0, []layout.LayerKey{PRBoundary, Nwell, COMP, Poly2, Pplus, Nplus, Contact, Metal1, Metal1Lbl}},
		{"TAP_ROW", 1, []layout.LayerKey{PRBoundary, COMP, Pplus, Metal1, Metal1Lbl, Via1, Metal2}},
		{"DEMO_TOP", 7, []layout.LayerKey{PRBoundary, Metal1Lbl, Via1, Metal2}},
	}
	if len(lib.Cells) != len(tests) {
		t.Errorf("%d cells %v, want %d", len(lib.Cells), names(lib.Cells), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			c := lib.Cell(tt.cell)
			if c == nil {
				t.Fatalf("no cell %s", tt.cell)
			}
			if len(c.Refs) != tt.refs {
				t.Errorf("%d references, want %d", len(c.Refs), tt.refs)
			}
			want := append([]layout.LayerKey(nil), tt.layers...)
			got := c.LayerKeys()
			sortKeys(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("layers %v, want %v", got, want)
			}
		})
	}
}

func TestSketchHierarchy(t *testing.T) {
	lib := Sketch()
	var arrays, mirrored, rotated, paths, texts int
	for _, c := range lib.Cells {
		for _, r := range c.Refs {
			if r.IsArray {
				arrays++
			}
			if r.Trans.Reflect {
				mirrored++
			}
			if r.Trans.Angle != 0 {
				rotated++
			}
		}
		n := c.Count()
		paths += n.Paths
		texts += n.Texts
	}
	for _, tt := range []struct {
		what      string
		got, want int
	}{
		{"AREF arrays", arrays, 1},
		{"mirrored placements", mirrored, 2},
		{"rotated placements", rotated, 1},
		{"paths", paths, 3},
		{"texts", texts, 13},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %d, want %d", tt.what, tt.got, tt.want)
		}
	}
	flat, err := lib.FlatCount(lib.Cell(SketchTop))
	if err != nil {
		t.Fatal(err)
	}
	// 22 contacts in the tap row, 5 in each of 4 inverters, 7 in each of
	// 2 NAND2 cells.
	if got, want := flat[Contact].Polygons, 22+4*5+2*7; got != want {
		t.Errorf("flat contact count %d, want %d", got, want)
	}
}

// TestSketchGrid checks that every vertex, origin and pitch lies on the 5 nm grid.
func TestSketchGrid(t *testing.T) {
	on := func(p layout.Point) bool { return p.X%5 == 0 && p.Y%5 == 0 }
	for _, c := range Sketch().Cells {
		for k, s := range c.Layers {
			for _, poly := range s.Polygons.All() {
				for _, p := range poly {
					if !on(p) {
						t.Errorf("%s %s: polygon vertex %v off the 5 nm grid", c.Name, k, p)
					}
				}
			}
			for _, path := range s.Paths {
				for _, p := range path.Points {
					if !on(p) {
						t.Errorf("%s %s: path point %v off the 5 nm grid", c.Name, k, p)
					}
				}
				if path.Width%10 != 0 {
					t.Errorf("%s %s: path width %d puts its edges off the grid", c.Name, k, path.Width)
				}
			}
			for _, x := range s.Texts {
				if !on(x.Pos) {
					t.Errorf("%s %s: text %q at %v off the 5 nm grid", c.Name, k, x.String, x.Pos)
				}
			}
		}
		for _, r := range c.Refs {
			for _, p := range []layout.Point{r.Origin, r.ColStep, r.RowStep} {
				if !on(p) {
					t.Errorf("%s: placement of %s: %v off the 5 nm grid", c.Name, r.Cell.Name, p)
				}
			}
		}
	}
}

func TestSketchBoundingBox(t *testing.T) {
	lib := Sketch()
	got := lib.Bounds(lib.Cell(SketchTop))
	// Wells stick out 200 nm left and right; the upper row's VSS rail
	// 300 nm above the boundary.
	want := layout.Box{Min: layout.Point{X: -200, Y: 0}, Max: layout.Point{X: 6360, Y: 10140}}
	if got != want {
		t.Errorf("bounding box %v, want %v", got, want)
	}
}

func TestSketchDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := gds.Write(&a, Sketch()); err != nil {
		t.Fatal(err)
	}
	if err := gds.Write(&b, Sketch()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two builds of the demo library write different bytes")
	}
}

func TestSketchRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := gds.Write(&buf, Sketch()); err != nil {
		t.Fatal(err)
	}
	back, err := gds.Read(bytes.NewReader(buf.Bytes()), gds.ReadOptions{FileName: "demo.gds"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := layout.Summarize(back), layout.Summarize(Sketch()); !reflect.DeepEqual(got, want) {
		t.Errorf("summary after a GDSII round trip\n got %+v\nwant %+v", got, want)
	}
}

func TestSketchCopiesAreIndependent(t *testing.T) {
	a := Sketch()
	a.Cell("INV_X1").Shapes(Metal2).Polygons.Add(rect(0, 0, 10, 10), nil)
	if b := Sketch(); b.Cell("INV_X1").Layers[Metal2] != nil {
		t.Error("changing one copy of the demo library changed the next")
	}
}

func names(cells []*layout.Cell) []string {
	var s []string
	for _, c := range cells {
		s = append(s, c.Name)
	}
	return s
}

func sortKeys(k []layout.LayerKey) {
	for i := 1; i < len(k); i++ {
		for j := i; j > 0 && k[j].Less(k[j-1]); j-- {
			k[j], k[j-1] = k[j-1], k[j]
		}
	}
}
