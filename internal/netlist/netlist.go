// Package netlist extracts the nets of a cell (its connectivity) and
// compares two netlists, so that a migration can check, not assume, that the
// nets of a migrated cell are the nets of its source.
//
// Extraction, for one cell of a library and the technology it is drawn in:
//
//  1. The cell is flattened. Each conductor (every layer a connection of the
//     technology names as lower or upper) is merged: touching and
//     overlapping shapes of one layer are one polygon.
//  2. Each merged polygon of a cut layer joins every polygon of its lower
//     and upper layers it overlaps with positive area (union-find). A lower
//     layer of a cut loses what the lower layers listed after it cover: the
//     channel (diffusion under poly) separates source from drain. Nets
//     are the resulting groups of conductor polygons; cuts that land on
//     nothing join nothing.
//  3. Texts on a conductor's label purpose, pin purpose or drawing layer
//     name the net of the conductor polygon under their position (boundary
//     included). A text over no polygon of its layer is a floating label.
//
// Cost: merging and one boolean (cut AND conductor) per pair of a cut and
// a conductor layer are the region kernel's; each overlap piece and each
// label is then located in a uniform grid over polygon bounding boxes,
// O(1) candidates per point plus a point-in-polygon test linear in the
// candidate's vertices.
//
// The package reads layouts and technologies; it never changes them.
package netlist

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// Net is one net: its labels (sorted, unique) and the number of merged
// conductor polygons it holds, per layer.
type Net struct {
	// Name is the labels joined by "," or, for an unlabelled net, "$n"
	// (n counted from 1 in a deterministic order).
	Name   string
	Labels []string
	// Polygons is the number of merged conductor polygons.
	Polygons int
	// Layers are the conductor layers the net is on, in technology order.
	Layers []string
	// BBox is the bounding box of the net's polygons, in database units.
	BBox layout.Box
}

// Netlist is the connectivity of one cell.
type Netlist struct {
	Cell string
	Nets []*Net
	// Floating are the labels that lie on no conductor polygon, as
	// "text@layer".
	Floating []string

	// Geometry, for NetAt and Probes.
	layers     []string
	layerIndex map[string]int
	regions    []*region.Region
	index      []*grid
	netOf      [][]int
}

// NetAt returns the index in Nets of the net whose polygon on layer holds
// p (boundary included), or -1.
func (n *Netlist) NetAt(layer string, p layout.Point) int {
	li, ok := n.layerIndex[layer]
	if !ok || n.regions == nil {
		return -1
	}
	k := n.index[li].find(n.regions[li], p)
	if k < 0 {
		return -1
	}
	return n.netOf[li][k]
}

// Probes calls fn with points of every conductor polygon and the index of
// its net, layer by layer in technology order: the polygon's first vertex,
// then the middles of its hull edges, longest first, so that a comparison
// can try another point of a polygon an edit trimmed at one end (a gate's
// end cap).
func (n *Netlist) Probes(fn func(net int, layer string, ps []layout.Point)) {
	var ps []layout.Point
	for li, r := range n.regions {
		for k := 0; k < r.Len(); k++ {
			ps = probePoints(ps[:0], r.Hull(k))
			fn(n.netOf[li][k], n.layers[li], ps)
		}
	}
}

// probePoints appends the first vertex of a ring and the middles (rounded
// down) of its edges, longest first.
func probePoints(dst []layout.Point, ring []layout.Point) []layout.Point {
	dst = append(dst, ring[0])
	type edge struct {
		l int64
		p layout.Point
	}
	edges := make([]edge, len(ring))
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		dx, dy := int64(b.X)-int64(a.X), int64(b.Y)-int64(a.Y)
		edges[i] = edge{dx*dx + dy*dy, layout.Point{X: int32((int64(a.X) + int64(b.X)) >> 1), Y: int32((int64(a.Y) + int64(b.Y)) >> 1)}}
	}
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].l > edges[j].l })
	for _, e := range edges {
		dst = append(dst, e.p)
	}
	return dst
}

// Labelled returns the number of nets with at least one label.
func (n *Netlist) Labelled() int {
	k := 0
	for _, x := range n.Nets {
		if len(x.Labels) > 0 {
			k++
		}
	}
	return k
}

// Extract returns the nets of cell top of lib, drawn in technology tech.
func Extract(lib *layout.Library, top *layout.Cell, tech *rules.Tech) (*Netlist, error) {
	flat := lib.Flatten(top, top.Name)
	return ExtractFlat(flat, tech)
}

type node struct {
	layer int
	poly  int
}

// ExtractFlat returns the nets of a flat cell (no references are followed).
func ExtractFlat(flat *layout.Cell, tech *rules.Tech) (*Netlist, error) {
	// Conductors, in technology layer order.
	isCond := map[string]bool{}
	var cuts []*rules.Connection
	for _, c := range tech.Connections {
		for _, l := range append(append([]string{}, c.Lower...), c.Upper...) {
			isCond[l] = true
		}
		cuts = append(cuts, c)
	}
	var conds []*rules.Layer
	condIndex := map[string]int{}
	for _, l := range tech.Layers {
		if isCond[l.Name] {
			condIndex[l.Name] = len(conds)
			conds = append(conds, l)
		}
	}
	for name := range isCond {
		if _, ok := condIndex[name]; !ok {
			return nil, fmt.Errorf("netlist: technology %s: connectivity names %q, which is not a drawn layer", tech.Name, name)
		}
	}
	// Channels: a lower layer loses what later lower layers of the same
	// cut cover (diffusion minus poly: source and drain are separate).
	splitBy := map[string][]string{}
	for _, c := range cuts {
		for i, a := range c.Lower {
			splitBy[a] = append(splitBy[a], c.Lower[i+1:]...)
		}
	}
	raw := func(l *rules.Layer) *region.Region {
		return region.FromCell(flat, layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype})
	}
	regions := make([]*region.Region, len(conds))
	bboxes := make([][]layout.Box, len(conds))
	base := make([]int, len(conds)+1)
	for i, l := range conds {
		r := raw(l).Merged()
		for _, o := range splitBy[l.Name] {
			if ol := tech.Layer(o); ol != nil && ol.Name != l.Name {
				r = r.Not(raw(ol))
			}
		}
		regions[i] = r
		bb := make([]layout.Box, r.Len())
		for p := range bb {
			bb[p] = r.PolygonBBox(p)
		}
		bboxes[i] = bb
		base[i+1] = base[i] + r.Len()
	}
	uf := newUnionFind(base[len(conds)])
	index := make([]*grid, len(conds))
	for i := range conds {
		index[i] = newGrid(bboxes[i])
	}
	for _, c := range cuts {
		cl := tech.Layer(c.Cut)
		if cl == nil {
			return nil, fmt.Errorf("netlist: technology %s: cut %q is not a drawn layer", tech.Name, c.Cut)
		}
		cr := raw(cl).Merged()
		cb := make([]layout.Box, cr.Len())
		for k := range cb {
			cb[k] = cr.PolygonBBox(k)
		}
		cutIndex := newGrid(cb)
		// first[k] is the first conductor polygon cut k lands on.
		first := make([]int, cr.Len())
		for k := range first {
			first[k] = -1
		}
		for _, name := range append(append([]string{}, c.Lower...), c.Upper...) {
			li := condIndex[name]
			// Each piece of cut AND conductor lies in exactly one cut
			// polygon and one conductor polygon (merged polygons of one
			// layer do not touch), found from any of its vertices.
			pieces := cr.And(regions[li])
			for i := 0; i < pieces.Len(); i++ {
				v := pieces.Hull(i)[0]
				k := cutIndex.find(cr, v)
				p := index[li].find(regions[li], v)
				if k < 0 || p < 0 {
					return nil, fmt.Errorf("netlist: cell %s: cannot place the overlap of %s and %s at %v", flat.Name, c.Cut, name, v)
				}
				id := base[li] + p
				if first[k] < 0 {
					first[k] = id
				} else {
					uf.union(first[k], id)
				}
			}
		}
	}

	// Labels.
	labels := map[int]map[string]bool{}
	var floating []string
	for li, l := range conds {
		keys := []rules.GDSLayer{l.Drawing}
		if l.Label != nil {
			keys = append(keys, *l.Label)
		}
		if l.Pin != nil {
			keys = append(keys, *l.Pin)
		}
		seen := map[layout.LayerKey]bool{}
		for _, g := range keys {
			k := layout.LayerKey{Layer: g.Layer, Datatype: g.Datatype}
			if seen[k] {
				continue
			}
			seen[k] = true
			s := flat.Layers[k]
			if s == nil {
				continue
			}
			for _, tx := range s.Texts {
				p := index[li].find(regions[li], tx.Pos)
				if p < 0 {
					floating = append(floating, tx.String+"@"+l.Name)
					continue
				}
				root := uf.find(base[li] + p)
				if labels[root] == nil {
					labels[root] = map[string]bool{}
				}
				labels[root][tx.String] = true
			}
		}
	}

	// Nets, in order of their first polygon.
	byRoot := map[int]*Net{}
	netIndex := map[*Net]int{}
	var nets []*Net
	netOf := make([][]int, len(conds))
	for li, l := range conds {
		netOf[li] = make([]int, regions[li].Len())
		for p := 0; p < regions[li].Len(); p++ {
			root := uf.find(base[li] + p)
			n := byRoot[root]
			if n == nil {
				n = &Net{BBox: layout.EmptyBox()}
				for s := range labels[root] {
					n.Labels = append(n.Labels, s)
				}
				sort.Strings(n.Labels)
				byRoot[root] = n
				netIndex[n] = len(nets)
				nets = append(nets, n)
			}
			netOf[li][p] = netIndex[n]
			n.Polygons++
			if len(n.Layers) == 0 || n.Layers[len(n.Layers)-1] != l.Name {
				n.Layers = append(n.Layers, l.Name)
			}
			n.BBox = n.BBox.Extend(bboxes[li][p])
		}
	}
	unnamed := 0
	for _, n := range nets {
		if len(n.Labels) > 0 {
			n.Name = strings.Join(n.Labels, ",")
		} else {
			unnamed++
			n.Name = fmt.Sprintf("$%d", unnamed)
		}
	}
	sort.Strings(floating)
	nl := &Netlist{Cell: flat.Name, Nets: nets, Floating: floating,
		layerIndex: condIndex, regions: regions, index: index, netOf: netOf}
	for _, l := range conds {
		nl.layers = append(nl.layers, l.Name)
	}
	return nl, nil
}

func boxContains(b layout.Box, p layout.Point) bool {
	return p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y
}

// grid is a uniform grid over polygon bounding boxes, for point location.
type grid struct {
	size  int64
	cells map[[2]int64][]int32
	boxes []layout.Box
}

func newGrid(boxes []layout.Box) *grid {
	g := &grid{cells: map[[2]int64][]int32{}, boxes: boxes}
	var sum float64
	for _, b := range boxes {
		sum += float64(b.Width()+1) * float64(b.Height()+1)
	}
	g.size = 100
	if len(boxes) > 0 {
		if s := int64(2 * math.Sqrt(sum/float64(len(boxes)))); s > g.size {
			g.size = s
		}
	}
	for i, b := range boxes {
		x0, y0 := floorDiv(int64(b.Min.X), g.size), floorDiv(int64(b.Min.Y), g.size)
		x1, y1 := floorDiv(int64(b.Max.X), g.size), floorDiv(int64(b.Max.Y), g.size)
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				k := [2]int64{x, y}
				g.cells[k] = append(g.cells[k], int32(i))
			}
		}
	}
	return g
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// find returns the polygon of r that holds p (on its boundary included),
// or -1.
func (g *grid) find(r *region.Region, p layout.Point) int {
	for _, i := range g.cells[[2]int64{floorDiv(int64(p.X), g.size), floorDiv(int64(p.Y), g.size)}] {
		if !boxContains(g.boxes[i], p) {
			continue
		}
		poly := r.Polygon(int(i))
		if in, on := ringContains(poly.Hull, p); !in && !on {
			continue
		} else if on {
			return int(i)
		}
		inHole := false
		for _, h := range poly.Holes {
			if in, on := ringContains(h, p); in && !on {
				inHole = true
				break
			}
		}
		if !inHole {
			return int(i)
		}
	}
	return -1
}

// ringContains reports whether p is strictly inside ring (even-odd) and
// whether it is on the ring's boundary.
func ringContains(ring []layout.Point, p layout.Point) (inside, on bool) {
	n := len(ring)
	px, py := int64(p.X), int64(p.Y)
	for i := 0; i < n; i++ {
		a, b := ring[i], ring[(i+1)%n]
		ax, ay, bx, by := int64(a.X), int64(a.Y), int64(b.X), int64(b.Y)
		cross := (bx-ax)*(py-ay) - (by-ay)*(px-ax)
		if cross == 0 && min(ax, bx) <= px && px <= max(ax, bx) && min(ay, by) <= py && py <= max(ay, by) {
			return false, true
		}
		if (ay > py) != (by > py) {
			// x of the edge at height py, compared exactly.
			// px < ax + (py-ay)*(bx-ax)/(by-ay)
			lhs := (px - ax) * (by - ay)
			rhs := (py - ay) * (bx - ax)
			if by-ay > 0 {
				if lhs < rhs {
					inside = !inside
				}
			} else if lhs > rhs {
				inside = !inside
			}
		}
	}
	return inside, false
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if ra < rb {
		u[rb] = ra
	} else {
		u[ra] = rb
	}
}
