package shrink

import (
	"sort"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// polyLayer is one merged layer of a cell with its polygons indexed by
// bounding box, for the cuts transform's neighbourhood queries.
type polyLayer struct {
	name  string
	key   layout.LayerKey
	r     *region.Region
	boxes []layout.Box
	one   []*region.Region // single-polygon regions, built on first use
	grid  boxGrid
}

func newPolyLayer(name string, key layout.LayerKey, r *region.Region) *polyLayer {
	pl := &polyLayer{name: name, key: key, r: r, boxes: make([]layout.Box, r.Len()), one: make([]*region.Region, r.Len())}
	for i := range pl.boxes {
		pl.boxes[i] = r.PolygonBBox(i)
	}
	pl.grid = newBoxGrid(pl.boxes)
	return pl
}

// poly returns polygon i as a region of its own.
func (pl *polyLayer) poly(i int) *region.Region {
	if pl.one[i] == nil {
		p := pl.r.Polygon(i)
		r := region.New()
		r.AddPolygon(p.Hull, p.Holes...)
		pl.one[i] = r.Merged()
	}
	return pl.one[i]
}

// near returns the polygons whose bounding boxes touch b, ascending.
func (pl *polyLayer) near(b layout.Box) []int { return pl.grid.query(b) }

// boxGrid is a uniform grid over bounding boxes: each box is listed in
// every grid cell it touches.
type boxGrid struct {
	boxes []layout.Box
	step  int64
	cells map[[2]int64][]int
}

func newBoxGrid(boxes []layout.Box) boxGrid {
	g := boxGrid{boxes: boxes, cells: map[[2]int64][]int{}}
	var sum int64
	for _, b := range boxes {
		sum += max(b.Width(), b.Height())
	}
	g.step = 1024
	if len(boxes) > 0 {
		g.step = max(64, 2*sum/int64(len(boxes)))
	}
	for i, b := range boxes {
		x0, y0, x1, y1 := g.span(b)
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				g.cells[[2]int64{x, y}] = append(g.cells[[2]int64{x, y}], i)
			}
		}
	}
	return g
}

func (g *boxGrid) span(b layout.Box) (x0, y0, x1, y1 int64) {
	return floorDiv(int64(b.Min.X), g.step), floorDiv(int64(b.Min.Y), g.step),
		floorDiv(int64(b.Max.X), g.step), floorDiv(int64(b.Max.Y), g.step)
}

// query returns the indices of the boxes touching b (closed boxes), in
// ascending order.
func (g *boxGrid) query(b layout.Box) []int {
	if len(g.boxes) == 0 || b.IsEmpty() {
		return nil
	}
	x0, y0, x1, y1 := g.span(b)
	seen := map[int]bool{}
	var out []int
	if (x1-x0+1)*(y1-y0+1) > int64(len(g.boxes)) {
		for i, c := range g.boxes {
			if boxesTouch(b, c) {
				out = append(out, i)
			}
		}
		return out
	}
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			for _, i := range g.cells[[2]int64{x, y}] {
				if !seen[i] && boxesTouch(b, g.boxes[i]) {
					seen[i] = true
					out = append(out, i)
				}
			}
		}
	}
	sort.Ints(out)
	return out
}

func boxesTouch(a, b layout.Box) bool {
	return a.Min.X <= b.Max.X && b.Min.X <= a.Max.X && a.Min.Y <= b.Max.Y && b.Min.Y <= a.Max.Y
}

// grow returns b grown by l, d, r, u on the left, bottom, right and top.
func grow(b layout.Box, l, d, r, u int64) layout.Box {
	return layout.Box{Min: layout.Point{X: int32(int64(b.Min.X) - l), Y: int32(int64(b.Min.Y) - d)},
		Max: layout.Point{X: int32(int64(b.Max.X) + r), Y: int32(int64(b.Max.Y) + u)}}
}

// boxRegion returns a region holding one box.
func boxRegion(b layout.Box) *region.Region {
	r := region.New()
	r.AddBox(b)
	return r
}
