package drc

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

func TestEdgePairFormat(t *testing.T) {
	for _, c := range []struct {
		name      string
		p         EdgePair
		dbu, want string
	}{
		{name: "symmetric, lesser edge first", p: EdgePair{First: E(100, 1000, 100, 0), Second: E(200, 0, 200, 1000), Symmetric: true},
			dbu: "(200,0;200,1000)|(100,1000;100,0)", want: "(0.2,0;0.2,1)|(0.1,1;0.1,0)"},
		{name: "ordered keeps its order", p: EdgePair{First: E(100, 1000, 100, 388), Second: E(200, 500, 200, 1112)},
			dbu: "(100,1000;100,388)/(200,500;200,1112)", want: "(0.1,1;0.1,0.388)/(0.2,0.5;0.2,1.112)"},
		{name: "negative and degenerate", p: EdgePair{First: E(-1, -7, -1, -7), Second: E(123456789, 3, 123456789, 3), Symmetric: true},
			dbu: "(-1,-7;-1,-7)|(123456789,3;123456789,3)", want: "(-0.001,-0.007;-0.001,-0.007)|(123456.789,0.003;123456.789,0.003)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.String(); got != c.dbu {
				t.Errorf("String() = %q, want %q", got, c.dbu)
			}
			if got := c.p.Format(0.001); got != c.want {
				t.Errorf("Format(0.001) = %q, want %q", got, c.want)
			}
			back, err := parsePair(c.dbu)
			if err != nil || back.Normalized() != c.p.Normalized() {
				t.Errorf("parse(%q) = %v, %v", c.dbu, back, err)
			}
		})
	}
}

func TestSortPairsIsASet(t *testing.T) {
	a := EdgePair{First: E(0, 0, 0, 1000), Second: E(100, 1000, 100, 0), Symmetric: true}
	b := EdgePair{First: a.Second, Second: a.First, Symmetric: true} // the same pair mirrored
	c := EdgePair{First: a.First, Second: a.Second}                  // ordered: a different pair
	got := SortPairs([]EdgePair{b, c, a, c})
	if len(got) != 2 || got[0] != c || got[1] != a.Normalized() {
		t.Errorf("SortPairs = %v", got)
	}
}

func TestNewPolygon(t *testing.T) {
	pts := func(s ...int32) []layout.Point {
		var p []layout.Point
		for i := 0; i < len(s); i += 2 {
			p = append(p, layout.Point{X: s[i], Y: s[i+1]})
		}
		return p
	}
	for _, c := range []struct {
		name  string
		hull  []layout.Point
		holes [][]layout.Point
		want  string
		area  int64
	}{
		{name: "anticlockwise box turns clockwise", hull: pts(0, 0, 100, 0, 100, 50, 0, 50), want: "(0,0;0,50;100,50;100,0)", area: 5000},
		{name: "closed ring, repeated and collinear points dropped", hull: pts(0, 0, 0, 20, 0, 20, 0, 50, 100, 50, 100, 0, 50, 0, 0, 0), want: "(0,0;0,50;100,50;100,0)", area: 5000},
		{name: "starts at the lowest point, then least x", hull: pts(50, 100, 100, 0, 0, 0), want: "(0,0;50,100;100,0)", area: 5000},
		{name: "clockwise hole turns anticlockwise", hull: pts(0, 0, 0, 40, 40, 40, 40, 0), holes: [][]layout.Point{pts(5, 5, 5, 6, 8, 5)},
			want: "(0,0;0,40;40,40;40,0/5,5;8,5;5,6)", area: 1599},
		{name: "1000 box with a 200 hole", hull: pts(0, 0, 0, 1000, 1000, 1000, 1000, 0), holes: [][]layout.Point{pts(400, 400, 400, 600, 600, 600, 600, 400)},
			want: "(0,0;0,1000;1000,1000;1000,0/400,400;600,400;600,600;400,600)", area: 960000},
		{name: "kissing corners keep the repeated vertex", hull: pts(0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200, 100, 100, 100, 100, 0),
			want: "(0,0;0,100;100,100;100,200;200,200;200,100;100,100;100,0)", area: 20000},
		{name: "degenerate ring", hull: pts(0, 0, 10, 10, 20, 20), want: "()", area: 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := NewPolygon(c.hull, c.holes...)
			if got := p.String(); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			if got := p.Area(); got != c.area {
				t.Errorf("area %d, want %d", got, c.area)
			}
			// Every edge has the inside on its right: the hull runs
			// clockwise, the holes anticlockwise.
			if len(p.Hull) > 0 && ringArea2(p.Hull) <= 0 {
				t.Errorf("hull not clockwise")
			}
			for _, h := range p.Holes {
				if ringArea2(h) >= 0 {
					t.Errorf("hole not anticlockwise")
				}
			}
		})
	}
}

func TestPolygonChecks(t *testing.T) {
	// B(0,0,100,100)+B(50,0,150,100) merged: A = 15000.
	merged := []Polygon{box(0, 0, 150, 100)}
	if n := len(Area(merged, 0, 15000)); n != 0 {
		t.Errorf("with_area(0, 15000): %d polygons, want 0", n)
	}
	if n := len(Area(merged, 0, 15001)); n != 1 {
		t.Errorf("with_area(0, 15001): %d polygons, want 1", n)
	}
	ring := NewPolygon(box(0, 0, 1000, 1000).Hull, box(400, 400, 600, 600).Hull)
	if got := Area([]Polygon{ring}, 960000, 960001); len(got) != 1 {
		t.Errorf("ring area: want exactly 960000")
	}

	grid := []Polygon{box(0, 0, 100, 100), poly("(0,0;0,13;10,10;10,0)"), box(5, 5, 15, 15)}
	if got := OffGrid(grid, 5, 5); len(got) != 1 || got[0].String() != "(0,0;0,13;10,10;10,0)" {
		t.Errorf("OffGrid = %v", got)
	}
	if got := OffGrid(grid, 10, 1); len(got) != 1 || got[0].String() != "(5,5;5,15;15,15;15,5)" {
		t.Errorf("OffGrid x only = %v", got)
	}
	if got := OffGridVertices(grid, 5, 5); !slices.Equal(got, []layout.Point{{X: 0, Y: 13}}) {
		t.Errorf("OffGridVertices = %v", got)
	}

	angles := []Polygon{box(0, 0, 100, 100), poly("(0,0;100,100;200,0)"), poly("(0,0;0,300;1000,0)")}
	if got := OffAngle(angles); !slices.Equal(got, []Edge{E(0, 300, 1000, 0)}) {
		t.Errorf("OffAngle = %v", got)
	}

	cuts := []Polygon{box(0, 0, 170, 170), box(500, 0, 670, 170), box(0, 500, 170, 670+1), box(900, 0, 1070, 340), poly("(0,0;0,170;170,170;170,0;85,-10)")}
	got := ExactSize(cuts, 170)
	var names []string
	for _, p := range got {
		names = append(names, p.String())
	}
	want := []string{"(0,500;0,671;170,671;170,500)", "(900,0;900,340;1070,340;1070,0)", "(85,-10;0,0;0,170;170,170;170,0)"}
	if !slices.Equal(names, want) {
		t.Errorf("ExactSize = %q, want %q", names, want)
	}
}

// TestScanOrderReportsEveryPairOnce holds the emulation of KLayout's box
// scanner to its contract: each pair of boxes closer than enl is reported
// exactly once, in brute-force and in sweep mode.
func TestScanOrderReportsEveryPairOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{5, 100, 101, 400, 2000} {
		items := make([]scanItem, n)
		for i := range items {
			x, y := int32(rng.IntN(5000)), int32(rng.IntN(5000))
			w, h := int32(rng.IntN(300)), int32(rng.IntN(300))
			if rng.IntN(4) == 0 {
				y = 1000 // many equal keys
			}
			items[i] = scanItem{int32(i), layout.Box{Min: layout.Point{X: x, Y: y}, Max: layout.Point{X: x + w, Y: y + h}}}
		}
		const enl = 40
		got := scanOrder(items, enl)
		want := 0
		for i := range items {
			for j := i + 1; j < n; j++ {
				if scanOverlap(items[i].b, items[j].b, enl) {
					want++
					if _, ok := got[pairKey(int32(i), int32(j))]; !ok {
						t.Fatalf("n=%d: pair %d,%d not reported", n, i, j)
					}
				}
			}
		}
		if len(got) != want {
			t.Errorf("n=%d: %d pairs reported, want %d", n, len(got), want)
		}
	}
}

func TestStdSortSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	key := func(s scanItem) int64 { return int64(s.b.Min.Y) }
	for _, n := range []int{0, 1, 2, 16, 17, 100, 1000} {
		a := make([]scanItem, n)
		for i := range a {
			a[i] = scanItem{int32(i), layout.Box{Min: layout.Point{Y: int32(rng.IntN(50))}}}
		}
		stdSort(a, key)
		if !slices.IsSortedFunc(a, func(x, y scanItem) int { return int(key(x) - key(y)) }) {
			t.Errorf("n=%d: not sorted", n)
		}
		// The heap-sort fallback sorts too.
		rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
		heapSort(a, func(x, y scanItem) bool { return key(x) < key(y) })
		if !slices.IsSortedFunc(a, func(x, y scanItem) int { return int(key(x) - key(y)) }) {
			t.Errorf("n=%d: heap sort does not sort", n)
		}
	}
}

// TestIndexesFindExactlyTheTouchingBoxes holds the grid and the packed tree
// to brute force: every box touching the query, each once.
func TestIndexesFindExactlyTheTouchingBoxes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	for _, tc := range []struct {
		name    string
		n       int
		cluster bool
	}{{"one box", 1, false}, {"sparse", 300, false}, {"dense", 5000, false}, {"one dense cluster in a huge box", 3000, true}} {
		boxes := make([]layout.Box, tc.n)
		for i := range boxes {
			x, y := int32(rng.IntN(100000)), int32(rng.IntN(100000))
			if tc.cluster && i > 1 {
				x, y = int32(rng.IntN(300)), int32(rng.IntN(300))
			}
			w, h := int32(rng.IntN(400)), int32(rng.IntN(3))
			if rng.IntN(2) == 0 {
				w, h = h, w // thin, like edges
			}
			boxes[i] = layout.Box{Min: layout.Point{X: x, Y: y}, Max: layout.Point{X: x + w, Y: y + h}}
		}
		grid := buildGrid(boxes, nil, 50)
		if tc.cluster && !grid.crowded() {
			t.Errorf("%s: the grid should report itself crowded", tc.name)
		}
		odd := []int32{}
		for i := 1; i < tc.n; i += 2 {
			odd = append(odd, int32(i))
		}
		for k, ix := range []spatial{grid, buildIndex(boxes, nil), buildGrid(boxes, odd, 50), buildIndex(boxes, odd)} {
			subset := k >= 2
			var stack []int32
			for q := range 200 {
				qb := boxes[rng.IntN(tc.n)]
				if q%2 == 0 {
					qb = layout.Box{Min: layout.Point{X: qb.Min.X - 50, Y: qb.Min.Y - 50}, Max: layout.Point{X: qb.Max.X + 50, Y: qb.Max.Y + 50}}
				}
				var got, want []int32
				stack = ix.search(qb, stack, func(id int32) bool { got = append(got, id); return true })
				for i := range boxes {
					if boxesTouch(boxes[i], qb) && (!subset || i%2 == 1) {
						want = append(want, int32(i))
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("%s %T: query %v found %v, want %v", tc.name, ix, qb, got, want)
				}
				// Stopping early stops.
				n := 0
				stack = ix.search(qb, stack, func(int32) bool { n++; return false })
				if n != min(1, len(want)) {
					t.Fatalf("%s %T: visit returned false but the search went on (%d)", tc.name, ix, n)
				}
			}
		}
	}
}
