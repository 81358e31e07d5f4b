package shrink

import (
	"math"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// lpoly is one merged polygon being legalized: rings[0] is the hull, the
// others are holes. Every ring is Manhattan, with horizontal and vertical
// edges alternating.
type lpoly struct {
	rings [][]layout.Point
	// orig are the rings as loaded; moved says whether an edge moved.
	orig  [][]layout.Point
	moved bool
	rect  bool
	// probe is the index in the hull of its lowest (then leftmost)
	// vertex, -1 for none: the connectivity check looks for the source
	// polygon there, within one grid step, so the two edges at it may not
	// move inwards further than that.
	probe int
}

// lgeom holds the layers of one cell being legalized, indexed as in
// legalRules.layers (nil: the cell has no such shapes).
type lgeom struct {
	polys [][]*lpoly
	moved []bool
	// texts are the label positions of each conductor layer: the polygon
	// under a label keeps it.
	texts [][]layout.Point
}

// ledge is one edge of a pass: a vertical edge in the x pass, a horizontal
// one in the y pass. Coordinates are pass coordinates: u along the pass
// axis, v across it.
type ledge struct {
	layer, poly, ring, idx int32 // the edge runs from point idx to idx+1
	u                      int32
	v0, v1                 int32 // v0 < v1
	side                   int8  // +1: the polygon is on the +u side
	fixed                  bool
	// inward and outward are how far the edge may move into its polygon
	// and out of it, dbu (-1: no limit).
	inward, outward int64
}

// loadGeom reads the layers of lr from a cell as merged polygons. ok is
// false when a layer holds a shape that is not Manhattan (the cell is then
// left as it is).
func loadGeom(nc *layout.Cell, lr *legalRules) (*lgeom, bool) {
	g := &lgeom{polys: make([][]*lpoly, len(lr.layers)), moved: make([]bool, len(lr.layers)), texts: make([][]layout.Point, len(lr.layers))}
	for i, l := range lr.layers {
		if lr.cond[i] {
			for _, gl := range []*rules.GDSLayer{&l.Drawing, l.Pin, l.Label} {
				if gl == nil {
					continue
				}
				if s := nc.Layers[layout.LayerKey{Layer: gl.Layer, Datatype: gl.Datatype}]; s != nil {
					for _, t := range s.Texts {
						g.texts[i] = append(g.texts[i], t.Pos)
					}
				}
			}
		}
		s := nc.Layers[layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}]
		if s == nil {
			continue
		}
		r := region.FromShapes(s).Merged()
		for p := 0; p < r.Len(); p++ {
			lp := &lpoly{probe: -1}
			lp.rings = append(lp.rings, slices.Clone(r.Hull(p)))
			if lr.cond[i] {
				lp.probe = lowestVertex(lp.rings[0])
			}
			for h := 0; h < r.NumHoles(p); h++ {
				lp.rings = append(lp.rings, slices.Clone(r.Hole(p, h)))
			}
			for _, ring := range lp.rings {
				if !alternating(ring) {
					return nil, false
				}
			}
			lp.rect = len(lp.rings) == 1 && len(lp.rings[0]) == 4
			for _, ring := range lp.rings {
				lp.orig = append(lp.orig, slices.Clone(ring))
			}
			g.polys[i] = append(g.polys[i], lp)
		}
	}
	return g, true
}

// alternating reports whether a ring is Manhattan with horizontal and
// vertical edges alternating (no collinear neighbours, even length).
func alternating(ring []layout.Point) bool {
	n := len(ring)
	if n < 4 || n%2 != 0 {
		return false
	}
	for i := range ring {
		a, b, c := ring[i], ring[(i+1)%n], ring[(i+2)%n]
		v1 := a.X == b.X && a.Y != b.Y
		h1 := a.Y == b.Y && a.X != b.X
		v2 := b.X == c.X && b.Y != c.Y
		h2 := b.Y == c.Y && b.X != c.X
		if !(v1 && h2 || h1 && v2) {
			return false
		}
	}
	return true
}

// lowestVertex returns the index of the lowest, then leftmost, vertex.
func lowestVertex(ring []layout.Point) int {
	best := 0
	for i, p := range ring {
		if q := ring[best]; p.Y < q.Y || p.Y == q.Y && p.X < q.X {
			best = i
		}
	}
	return best
}

// uv returns the pass coordinates of p: (x, y) in the x pass, (y, x) in the
// y pass.
func uv(p layout.Point, ypass bool) (int32, int32) {
	if ypass {
		return p.Y, p.X
	}
	return p.X, p.Y
}

// edges lists the pass edges of every polygon. box is the cell outline
// (empty: none); edges on it or reaching beyond it are fixed, and edges
// within half[layer] of it (half the layer's spacing) do not move closer
// to it than that, nor closer than they are.
func (g *lgeom) edges(ypass bool, box layout.Box, grid int64, half []int64) []ledge {
	maxMove := int64(0)
	for _, h := range half {
		maxMove = max(maxMove, 2*h)
	}
	var out []ledge
	ulo, vlo := uv(box.Min, ypass)
	uhi, vhi := uv(box.Max, ypass)
	hasBox := !box.IsEmpty()
	for l, ps := range g.polys {
		for p, lp := range ps {
			// A polygon that touches or crosses the outline (a rail, a pin
			// at the edge, what is joined to them) keeps its edges within
			// three half-spacings of the outline: the rails step drew them
			// to abut the library's cells and the cell's own mirror.
			pmin, pmax := int32(math.MaxInt32), int32(math.MinInt32)
			for _, q := range lp.rings[0] {
				u, _ := uv(q, ypass)
				pmin, pmax = min(pmin, u), max(pmax, u)
			}
			pb := layout.BoxOf(lp.rings[0])
			onOutline := hasBox && (pb.Min.X <= box.Min.X || pb.Min.Y <= box.Min.Y || pb.Max.X >= box.Max.X || pb.Max.Y >= box.Max.Y)
			near := 3 * int32(half[l])
			shadowed := func(u int32) bool {
				return onOutline && (u-ulo <= near || uhi-u <= near) ||
					hasBox && (pmin < ulo && u <= 2*ulo-pmin || pmax > uhi && u >= 2*uhi-pmax)
			}
			for r, ring := range lp.rings {
				filledRight := (area2(ring) < 0) == (r == 0) // clockwise hull or counter-clockwise hole
				for i := range ring {
					a, b := ring[i], ring[(i+1)%len(ring)]
					ua, va := uv(a, ypass)
					ub, vb := uv(b, ypass)
					if ua != ub || va == vb {
						continue
					}
					e := ledge{layer: int32(l), poly: int32(p), ring: int32(r), idx: int32(i), u: ua, v0: min(va, vb), v1: max(va, vb)}
					// Travelling towards +v with the polygon on the right
					// puts it on the +u side in the x pass (x right of
					// up); the y pass swaps the axes, which mirrors.
					up := vb > va
					right := up == filledRight
					if ypass {
						right = !right
					}
					e.side = -1
					if right {
						e.side = 1
					}
					e.fixed = hasBox && (e.u <= ulo || e.u >= uhi || e.v0 < vlo || e.v1 > vhi) || shadowed(e.u)
					e.inward, e.outward = -1, -1
					if r == 0 && (lp.probe == i || lp.probe == (i+1)%len(ring)) {
						e.inward = grid
					}
					if hasBox && !e.fixed && half[l] > 0 {
						// Half the layer's spacing from the outline, as
						// far as it had it: the cell abuts its mirror image.
						dist := int64(e.u - ulo)
						if e.side < 0 {
							dist = int64(uhi - e.u)
						}
						if dist < half[l]+maxMove {
							e.outward = max(0, dist-half[l])
						}
					}
					out = append(out, e)
				}
			}
		}
	}
	if hasBox {
		out = append(out, mirrored(out, ulo, uhi)...)
	}
	return out
}

// mirrored returns the edges the cell's mirror images about its outline
// edges across the pass put near it (the rows above and below share a rail
// and are flipped): those of the polygons that touch or cross an outline
// edge, reflected about it. They are fixed and belong to no polygon
// (poly -1): the cell's edges keep their rules to them.
func mirrored(edges []ledge, ulo, uhi int32) []ledge {
	type pk struct{ layer, poly int32 }
	lo, hi := map[pk]bool{}, map[pk]bool{}
	for _, e := range edges {
		k := pk{e.layer, e.poly}
		lo[k] = lo[k] || e.u <= ulo
		hi[k] = hi[k] || e.u >= uhi
	}
	var out []ledge
	for _, e := range edges {
		k := pk{e.layer, e.poly}
		for _, at := range []struct {
			on bool
			u  int32
		}{{lo[k], ulo}, {hi[k], uhi}} {
			if !at.on {
				continue
			}
			m := e
			m.u = 2*at.u - e.u
			m.side = -e.side
			m.poly, m.ring, m.idx = -1, -1, -1
			m.fixed = true
			m.inward, m.outward = -1, -1
			out = append(out, m)
		}
	}
	return out
}

// move sets the pass coordinate of edge e to u.
func (g *lgeom) move(e *ledge, u int32, ypass bool) {
	ring := g.polys[e.layer][e.poly].rings[e.ring]
	for _, i := range []int{int(e.idx), (int(e.idx) + 1) % len(ring)} {
		if ypass {
			ring[i].Y = u
		} else {
			ring[i].X = u
		}
	}
	g.moved[e.layer] = true
	g.polys[e.layer][e.poly].moved = true
}

// store writes the layers that moved back into the cell. The shapes of
// a polygon that did not move stay as they were; those of a polygon that
// moved follow its edges (a shape edge on a moved polygon edge moves with
// it), so a polygon drawn as several shapes stays several shapes, unless
// their union would not be the moved polygon, when the polygon replaces
// them (merged). Texts and nodes stay. A layer with paths is rewritten as
// merged polygons.
func (g *lgeom) store(nc *layout.Cell, lr *legalRules) {
	for i, l := range lr.layers {
		if !g.moved[i] {
			continue
		}
		k := layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
		old := nc.Layers[k]
		ns := &layout.Shapes{}
		if old != nil {
			ns.Nodes, ns.Texts = old.Nodes, old.Texts
		}
		merged := region.New()
		if old == nil || len(old.Paths) > 0 {
			for _, lp := range g.polys[i] {
				merged.AddPolygon(lp.rings[0], lp.rings[1:]...)
			}
			merged.Merged().AppendTo(ns)
			nc.Layers[k] = ns
			continue
		}
		type elem struct {
			poly int // index in old.Polygons, or -1 for box b
			box  int
			pts  []layout.Point
		}
		byOwner := map[int][]elem{}
		keepElem := func(e elem) {
			if e.poly >= 0 {
				ns.Polygons.Add(e.pts, old.Polygons.Info[e.poly])
			} else {
				b := old.Boxes[e.box]
				copy(b.Points[:], e.pts)
				if len(e.pts) == 4 {
					b.Points[4] = e.pts[0]
				}
				ns.Boxes = append(ns.Boxes, b)
			}
		}
		var elems []elem
		for j, pts := range old.Polygons.All() {
			elems = append(elems, elem{poly: j, pts: pts})
		}
		for j := range old.Boxes {
			elems = append(elems, elem{poly: -1, box: j, pts: old.Boxes[j].Points[:4]})
		}
		for _, e := range elems {
			o := g.owner(i, e.pts)
			if o < 0 || !g.polys[i][o].moved {
				keepElem(e)
				continue
			}
			byOwner[o] = append(byOwner[o], e)
		}
		for o, lp := range g.polys[i] {
			if !lp.moved {
				continue
			}
			target := region.New()
			target.AddPolygon(lp.rings[0], lp.rings[1:]...)
			got := region.New()
			var moved []elem
			for _, e := range byOwner[o] {
				m := e
				m.pts = lp.follow(e.pts)
				moved = append(moved, m)
				got.AddPolygon(m.pts)
			}
			if len(moved) > 0 && got.Merged().Xor(target.Merged()).IsEmpty() {
				for _, e := range moved {
					keepElem(e)
				}
				continue
			}
			merged.AddRegion(target)
		}
		merged.Merged().AppendTo(ns)
		nc.Layers[k] = ns
	}
}

// follow moves the vertices of a shape of the polygon with the polygon's
// edges: a shape edge that lies on an edge of the polygon as loaded moves
// as that edge moved.
func (lp *lpoly) follow(pts []layout.Point) []layout.Point {
	out := slices.Clone(pts)
	n := len(pts)
	for i := range pts {
		a, b := pts[i], pts[(i+1)%n]
		for r, ring := range lp.orig {
			for j := range ring {
				c, d := ring[j], ring[(j+1)%len(ring)]
				switch {
				case a.X == b.X && c.X == d.X && a.X == c.X && min(a.Y, b.Y) >= min(c.Y, d.Y) && max(a.Y, b.Y) <= max(c.Y, d.Y):
					dx := lp.rings[r][j].X - c.X
					out[i].X, out[(i+1)%n].X = a.X+dx, b.X+dx
				case a.Y == b.Y && c.Y == d.Y && a.Y == c.Y && min(a.X, b.X) >= min(c.X, d.X) && max(a.X, b.X) <= max(c.X, d.X):
					dy := lp.rings[r][j].Y - c.Y
					out[i].Y, out[(i+1)%n].Y = a.Y+dy, b.Y+dy
				}
			}
		}
	}
	return out
}

// owner returns the merged polygon of layer l (as loaded) that holds the
// shape with vertices pts, or -1.
func (g *lgeom) owner(l int, pts []layout.Point) int {
	if len(pts) == 0 {
		return -1
	}
	bb := layout.BoxOf(pts)
	for i, lp := range g.polys[l] {
		pb := layout.BoxOf(lp.orig[0])
		if bb.Min.X < pb.Min.X || bb.Min.Y < pb.Min.Y || bb.Max.X > pb.Max.X || bb.Max.Y > pb.Max.Y {
			continue
		}
		if inRings(lp.orig, pts[0]) {
			return i
		}
	}
	return -1
}

// inRings reports whether p lies inside or on a polygon given by its
// Manhattan rings (hull and holes).
func inRings(rings [][]layout.Point, p layout.Point) bool {
	odd := false
	for _, ring := range rings {
		for i := range ring {
			a, b := ring[i], ring[(i+1)%len(ring)]
			if min(a.X, b.X) <= p.X && p.X <= max(a.X, b.X) && min(a.Y, b.Y) <= p.Y && p.Y <= max(a.Y, b.Y) {
				return true // on the edge (edges are axis-parallel)
			}
			if a.X == b.X && a.X > p.X && min(a.Y, b.Y) <= p.Y && p.Y < max(a.Y, b.Y) {
				odd = !odd
			}
		}
	}
	return odd
}

// limitByTexts limits the inward moves of the edges on either side of
// every label, so that the label stays on its polygon.
func (g *lgeom) limitByTexts(edges []ledge, byLayer [][]int32, ypass bool) {
	for l, ts := range g.texts {
		for _, t := range ts {
			tu, tv := uv(t, ypass)
			left, right := int32(-1), int32(-1)
			for _, i := range byLayer[l] {
				e := &edges[i]
				if e.v0 > tv || e.v1 < tv {
					continue
				}
				if e.u <= tu && (left < 0 || e.u > edges[left].u) {
					left = i
				}
				if e.u >= tu && (right < 0 || e.u < edges[right].u) {
					right = i
				}
			}
			if left >= 0 && edges[left].side > 0 && edges[left].poly >= 0 {
				limitInward(&edges[left], int64(tu-edges[left].u))
			}
			if right >= 0 && edges[right].side < 0 && edges[right].poly >= 0 {
				limitInward(&edges[right], int64(edges[right].u-tu))
			}
		}
	}
}

func limitInward(e *ledge, d int64) {
	if e.inward < 0 || d < e.inward {
		e.inward = d
	}
}
