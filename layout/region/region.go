package region

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// Point and Box are the layout model's integer types.
type (
	Point = layout.Point
	Box   = layout.Box
)

// Region is a set of polygons with holes in integer database units, held in
// three flat arenas: all vertices in one slice, ring (contour) ends into it,
// and polygon ends into the rings. The first ring of a polygon is its hull,
// the others its holes. Hulls run clockwise and holes counter-clockwise, so
// the inside is on the right of every edge (KLayout's convention).
//
// A Region is either raw (polygons as given; they may overlap, touch or
// intersect themselves) or merged (the result of Merged, a boolean or a
// negative sizing: non-overlapping polygons with holes, no self-intersections,
// no repeated or collinear points). IsMerged tells which. Operations never
// modify their operands; the zero Region is empty and ready to use.
type Region struct {
	pts    []Point
	rings  []uint32 // rings[i] is the end of ring i in pts
	polys  []uint32 // polys[i] is the end of polygon i in rings
	merged bool
	// simple marks raw polygons known not to touch or intersect
	// themselves (checked when added: rectangles, and polygons without holes
	// of up to 64 points); nil for a merged region.
	simple []bool
}

// New returns an empty region.
func New() *Region { return &Region{} }

// Len is the number of polygons.
func (r *Region) Len() int { return len(r.polys) }

// IsEmpty reports whether the region has no polygon.
func (r *Region) IsEmpty() bool { return len(r.polys) == 0 }

// IsMerged reports whether the region is known to be merged.
func (r *Region) IsMerged() bool { return r.merged || len(r.polys) == 0 }

// NumPoints is the number of stored vertices.
func (r *Region) NumPoints() int { return len(r.pts) }

func (r *Region) ringRange(p int) (int, int) {
	s := 0
	if p > 0 {
		s = int(r.polys[p-1])
	}
	return s, int(r.polys[p])
}

func (r *Region) ring(i int) []Point {
	s := uint32(0)
	if i > 0 {
		s = r.rings[i-1]
	}
	return r.pts[s:r.rings[i]:r.rings[i]]
}

// Hull returns the hull of polygon i (clockwise). The slice aliases the
// region's arena: copy it before keeping or modifying it.
func (r *Region) Hull(i int) []Point {
	s, _ := r.ringRange(i)
	return r.ring(s)
}

// NumHoles is the number of holes of polygon i.
func (r *Region) NumHoles(i int) int {
	s, e := r.ringRange(i)
	return e - s - 1
}

// Hole returns hole j of polygon i (counter-clockwise), aliasing the arena.
func (r *Region) Hole(i, j int) []Point {
	s, _ := r.ringRange(i)
	return r.ring(s + 1 + j)
}

// Polygon is a polygon with holes, as returned by Region.Polygon.
type Polygon struct {
	Hull  []Point
	Holes [][]Point
}

// Polygon returns polygon i. Its slices alias the region's arena.
func (r *Region) Polygon(i int) Polygon {
	s, e := r.ringRange(i)
	p := Polygon{Hull: r.ring(s)}
	for j := s + 1; j < e; j++ {
		p.Holes = append(p.Holes, r.ring(j))
	}
	return p
}

// Clone returns a deep copy.
func (r *Region) Clone() *Region {
	c := &Region{
		pts:    append([]Point(nil), r.pts...),
		rings:  append([]uint32(nil), r.rings...),
		polys:  append([]uint32(nil), r.polys...),
		merged: r.merged,
	}
	if r.simple != nil {
		c.simple = append([]bool(nil), r.simple...)
	}
	return c
}

// String lists the polygons in KLayout's notation, e.g.
// "(0,0;0,100;100,100;100,0/10,10;90,10;90,90;10,90)"; polygons are separated
// by ";" plus a space. Meant for tests and messages on small regions.
func (r *Region) String() string {
	var b []byte
	for i := 0; i < r.Len(); i++ {
		if i > 0 {
			b = append(b, "; "...)
		}
		s, e := r.ringRange(i)
		b = append(b, '(')
		for j := s; j < e; j++ {
			if j > s {
				b = append(b, '/')
			}
			for k, p := range r.ring(j) {
				if k > 0 {
					b = append(b, ';')
				}
				b = fmt.Appendf(b, "%d,%d", p.X, p.Y)
			}
		}
		b = append(b, ')')
	}
	return string(b)
}

func (r *Region) checkArena(extra int) {
	if uint64(len(r.pts))+uint64(extra) > math.MaxUint32 {
		panic(fmt.Sprintf("region: vertex arena over %d points", uint64(math.MaxUint32)))
	}
}

// appendRing appends a ring's points and closes the ring.
func (r *Region) appendRing(pts []Point) {
	r.checkArena(len(pts))
	r.pts = append(r.pts, pts...)
	r.rings = append(r.rings, uint32(len(r.pts)))
}

// appendBox appends a rectangle as a clockwise polygon.
func (r *Region) appendBox(b Box) {
	r.checkArena(4)
	r.pts = append(r.pts, b.Min, Point{X: b.Min.X, Y: b.Max.Y}, b.Max, Point{X: b.Max.X, Y: b.Min.Y})
	r.rings = append(r.rings, uint32(len(r.pts)))
	r.polys = append(r.polys, uint32(len(r.rings)))
}

// concat appends the polygons of parts (results of one operation, so their
// flags are not merged) with one allocation per arena.
func (r *Region) concat(parts []*Region) {
	np, nr, nq := len(r.pts), len(r.rings), len(r.polys)
	for _, p := range parts {
		np, nr, nq = np+len(p.pts), nr+len(p.rings), nq+len(p.polys)
	}
	r.checkArena(np - len(r.pts))
	r.pts = slices.Grow(r.pts, np-len(r.pts))
	r.rings = slices.Grow(r.rings, nr-len(r.rings))
	r.polys = slices.Grow(r.polys, nq-len(r.polys))
	for _, p := range parts {
		pb, rb := uint32(len(r.pts)), uint32(len(r.rings))
		r.pts = append(r.pts, p.pts...)
		for _, e := range p.rings {
			r.rings = append(r.rings, e+pb)
		}
		for _, e := range p.polys {
			r.polys = append(r.polys, e+rb)
		}
	}
}

// closePolygon ends the polygon whose rings were appended last.
func (r *Region) closePolygon() { r.polys = append(r.polys, uint32(len(r.rings))) }

// AddBox adds a rectangle. Empty and zero-area boxes add nothing.
func (r *Region) AddBox(b Box) {
	if b.IsEmpty() || b.Min.X == b.Max.X || b.Min.Y == b.Max.Y {
		return
	}
	r.appendRing([]Point{b.Min, {X: b.Min.X, Y: b.Max.Y}, b.Max, {X: b.Max.X, Y: b.Min.Y}})
	r.closePolygon()
	r.addRaw(true)
}

// AddPolygon adds a polygon given by its hull and optional holes, in either
// orientation (a closing point equal to the first is dropped). The hull is
// oriented clockwise and the holes counter-clockwise by their signed area, as
// KLayout normalises polygons. The polygon may intersect itself: operations
// count a point as inside when the polygon's winding number there is
// non-zero. Rings with fewer than three distinct points or all points on
// one line add nothing.
func (r *Region) AddPolygon(hull []Point, holes ...[]Point) {
	if r.addPolygon(hull, holes) {
		r.addRaw(len(holes) == 0 && ringIsSimple(r.Hull(r.Len()-1)))
	}
}

// addPolygon appends a raw polygon without recording whether it is simple
// and reports whether anything was added.
func (r *Region) addPolygon(hull []Point, holes [][]Point) bool {
	hull = cleanRing(hull)
	if len(hull) < 3 || collinearRing(hull) {
		return false
	}
	r.appendOriented(hull, true)
	for _, h := range holes {
		if h = cleanRing(h); len(h) >= 3 && !collinearRing(h) {
			r.appendOriented(h, false)
		}
	}
	r.closePolygon()
	return true
}

// addRaw records a raw polygon appended last.
func (r *Region) addRaw(simple bool) {
	if r.merged {
		r.merged = false
		r.simple = make([]bool, r.Len()-1, r.Len())
		for i := range r.simple {
			r.simple[i] = true
		}
	}
	for len(r.simple) < r.Len()-1 {
		r.simple = append(r.simple, false)
	}
	r.simple = append(r.simple, simple)
}

// appendOriented appends a ring oriented clockwise (hull) or
// counter-clockwise (hole).
func (r *Region) appendOriented(pts []Point, hull bool) {
	a := area2(pts)
	r.checkArena(len(pts))
	start := len(r.pts)
	r.pts = append(r.pts, pts...)
	if (a > 0) == hull {
		reversePoints(r.pts[start:])
	}
	r.rings = append(r.rings, uint32(len(r.pts)))
}

// AddRegion appends all polygons of o (as raw polygons unless both are
// merged and o is empty or r is empty).
func (r *Region) AddRegion(o *Region) {
	if o.IsEmpty() {
		return
	}
	wasEmpty := r.IsEmpty()
	r.checkArena(len(o.pts))
	pb, rb := uint32(len(r.pts)), uint32(len(r.rings))
	n0 := r.Len()
	r.pts = append(r.pts, o.pts...)
	for _, e := range o.rings {
		r.rings = append(r.rings, e+pb)
	}
	for _, e := range o.polys {
		r.polys = append(r.polys, e+rb)
	}
	if wasEmpty && o.merged {
		r.merged, r.simple = true, nil
		return
	}
	if r.merged {
		r.merged = false
		r.simple = make([]bool, n0)
		for i := range r.simple {
			r.simple[i] = true
		}
	}
	for len(r.simple) < n0 {
		r.simple = append(r.simple, false)
	}
	for i := 0; i < o.Len(); i++ {
		r.simple = append(r.simple, o.merged || (o.simple != nil && o.simple[i]))
	}
}

// isSimple reports whether polygon i is known to be free of
// self-intersections (merged polygons and rectangles are).
func (r *Region) isSimple(i int) bool {
	if r.merged {
		return true
	}
	return r.simple != nil && r.simple[i]
}

// BBox is the bounding box of all polygons (EmptyBox when empty).
func (r *Region) BBox() Box { return layout.BoxOf(r.pts) }

// PolygonBBox is the bounding box of polygon i (its hull's).
func (r *Region) PolygonBBox(i int) Box { return layout.BoxOf(r.Hull(i)) }

// cleanRing drops a closing point equal to the first and consecutive
// duplicates.
func cleanRing(pts []Point) []Point {
	n := len(pts)
	for n > 1 && pts[n-1] == pts[0] {
		n--
	}
	dup := false
	for i := 1; i < n; i++ {
		if pts[i] == pts[i-1] {
			dup = true
			break
		}
	}
	if !dup {
		return pts[:n]
	}
	out := make([]Point, 0, n)
	for i := 0; i < n; i++ {
		if len(out) == 0 || pts[i] != out[len(out)-1] {
			out = append(out, pts[i])
		}
	}
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	return out
}

// isRect reports whether four points form an axis-parallel rectangle.
func isRect(p []Point) bool {
	if len(p) != 4 {
		return false
	}
	if p[0].X == p[1].X {
		return p[1].Y == p[2].Y && p[2].X == p[3].X && p[3].Y == p[0].Y
	}
	return p[0].Y == p[1].Y && p[1].X == p[2].X && p[2].Y == p[3].Y && p[3].X == p[0].X
}

// area2 is twice the signed area (positive counter-clockwise), accumulated
// in 128 bits; beyond the int64 range it saturates, keeping the sign exact.
func area2(pts []Point) int64 {
	n := len(pts)
	if n < 3 {
		return 0
	}
	var hi int64
	var lo uint64
	px, py := int64(pts[n-1].X), int64(pts[n-1].Y)
	for _, p := range pts {
		x, y := int64(p.X), int64(p.Y)
		t := px*y - x*py
		var c uint64
		lo, c = bits.Add64(lo, uint64(t), 0)
		hi += t>>63 + int64(c)
		px, py = x, y
	}
	switch {
	case hi == 0 && lo < 1<<63, hi == -1 && lo >= 1<<63:
		return int64(lo)
	case hi < 0:
		return math.MinInt64
	}
	return math.MaxInt64
}

// collinearRing reports whether all points of a ring lie on one line.
func collinearRing(p []Point) bool {
	for i := 2; i < len(p); i++ {
		if crossSign(p[0], p[1], p[i]) != 0 {
			return false
		}
	}
	return true
}

func reversePoints(p []Point) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}
