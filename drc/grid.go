package drc

import (
	"math"
	"math/bits"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// gridIndex buckets boxes into a uniform grid of square cells: every box is
// listed in each cell it overlaps (counting sort: two passes, three flat
// arrays, no per-cell allocation). A query visits the cells its box
// overlaps and reports a box only in the cell holding the lower-left corner
// of the box's intersection with the query, so each hit comes once without
// a seen-set. The cell size follows the data: about twice the typical box
// extent, coarser if that would give more than two cells per box.
type gridIndex struct {
	boxes      []layout.Box // indexed by id
	x0, y0     int64
	cell       int64 // a power of two: 1 << shift
	shift      uint
	nx, ny     int64
	start      []int32 // start[c] .. start[c+1] index into items for cell c
	items      []int32 // ids
	n          int
	emptyIndex bool
}

// buildGrid indexes the boxes b[id] for the given ids (all of b if ids is
// nil), to be queried with boxes grown by enl.
func buildGrid(b []layout.Box, ids []int32, enl int64) *gridIndex {
	g := &gridIndex{boxes: b}
	n := len(ids)
	if ids == nil {
		n = len(b)
	}
	g.n = n
	if n == 0 {
		g.emptyIndex = true
		return g
	}
	id := func(k int) int32 {
		if ids == nil {
			return int32(k)
		}
		return ids[k]
	}
	all := layout.EmptyBox()
	for k := range n {
		all = all.Extend(b[id(k)])
	}
	// The typical extent: the median of a strided sample.
	var ext []int64
	for k := 0; k < n; k += max(1, n/512) {
		bb := &b[id(k)]
		ext = append(ext, max(bb.Width(), bb.Height()))
	}
	slices.Sort(ext)
	cell := 2 * max(ext[len(ext)/2], enl, 1)
	w, h := all.Width()+1, all.Height()+1
	if float64(w/cell+1)*float64(h/cell+1) > 2*float64(n)+16 {
		cell = int64(math.Ceil(math.Sqrt(float64(w) * float64(h) / (2*float64(n) + 16))))
	}
	// A power of two, so that finding a cell is a shift.
	g.shift = uint(bits.Len64(uint64(max(cell, 1) - 1)))
	g.cell = 1 << g.shift
	g.x0, g.y0 = int64(all.Min.X), int64(all.Min.Y)
	g.nx, g.ny = w/g.cell+1, h/g.cell+1
	// Counting sort: count per cell, turn the counts into cell ends, then
	// place the ids backwards so that each cell lists them in order.
	ncell := g.nx * g.ny
	g.start = make([]int32, ncell+1)
	for k := range n {
		cx0, cy0, cx1, cy1 := g.cells(b[id(k)])
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				g.start[cy*g.nx+cx]++
			}
		}
	}
	for c := int64(1); c < ncell; c++ {
		g.start[c] += g.start[c-1]
	}
	g.start[ncell] = g.start[ncell-1]
	g.items = make([]int32, g.start[ncell])
	for k := n - 1; k >= 0; k-- {
		cx0, cy0, cx1, cy1 := g.cells(b[id(k)])
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				c := cy*g.nx + cx
				g.start[c]--
				g.items[g.start[c]] = id(k)
			}
		}
	}
	return g
}

// cells returns the range of cells a box overlaps, clipped to the grid.
func (g *gridIndex) cells(b layout.Box) (cx0, cy0, cx1, cy1 int64) {
	cx0 = min(max((int64(b.Min.X)-g.x0)>>g.shift, 0), g.nx-1)
	cy0 = min(max((int64(b.Min.Y)-g.y0)>>g.shift, 0), g.ny-1)
	cx1 = min(max((int64(b.Max.X)-g.x0)>>g.shift, 0), g.nx-1)
	cy1 = min(max((int64(b.Max.Y)-g.y0)>>g.shift, 0), g.ny-1)
	return
}

// crowded reports whether the cells hold so many boxes that a query would
// compare more than about 64 of them on average (very uneven density): a
// tree serves such data better.
func (g *gridIndex) crowded() bool {
	var sq int64
	for c := 0; c+1 < len(g.start); c++ {
		k := int64(g.start[c+1] - g.start[c])
		sq += k * k
	}
	return sq > 64*int64(g.n)+4096
}

// search calls visit with the id of every box that intersects q (closed
// boxes), once each, until visit returns false. The stack is not needed
// and is returned as given.
func (g *gridIndex) search(q layout.Box, stack []int32, visit func(id int32) bool) []int32 {
	if g.emptyIndex {
		return stack
	}
	if int64(q.Max.X) < g.x0 || int64(q.Max.Y) < g.y0 ||
		int64(q.Min.X) > g.x0+g.nx*g.cell || int64(q.Min.Y) > g.y0+g.ny*g.cell {
		return stack
	}
	cx0, cy0, cx1, cy1 := g.cells(q)
	for cy := cy0; cy <= cy1; cy++ {
		for cx := cx0; cx <= cx1; cx++ {
			c := cy*g.nx + cx
			for _, id := range g.items[g.start[c]:g.start[c+1]] {
				b := &g.boxes[id]
				if !boxesTouch(*b, q) {
					continue
				}
				// Report in the cell of the intersection's lower-left
				// corner only (clipped to the grid like every cell).
				rx := min(max((max(int64(b.Min.X), int64(q.Min.X))-g.x0)>>g.shift, 0), g.nx-1)
				ry := min(max((max(int64(b.Min.Y), int64(q.Min.Y))-g.y0)>>g.shift, 0), g.ny-1)
				if rx != cx || ry != cy {
					continue
				}
				if !visit(id) {
					return stack
				}
			}
		}
	}
	return stack
}

// spatial is a box index: the uniform grid, or the packed tree where the
// grid would be crowded.
type spatial interface {
	search(q layout.Box, stack []int32, visit func(id int32) bool) []int32
}

// buildSpatial indexes the boxes b[id] for the given ids (all of b if ids
// is nil), to be queried with boxes grown by enl; searches report ids.
func buildSpatial(b []layout.Box, ids []int32, enl int64) spatial {
	if g := buildGrid(b, ids, enl); !g.crowded() {
		return g
	}
	return buildIndex(b, ids)
}
