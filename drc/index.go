package drc

import (
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// boxIndex is a static, packed R-tree over boxes (the flatbush layout): the
// boxes are sorted along a Hilbert curve through their centres and grouped,
// nodeSize at a time, into the leaves, the leaves into the next level, and
// so on up to the root. Building costs one sort, O(n log n); a query visits
// O(log n + k) nodes for k hits and allocates nothing. The tree holds three
// flat arrays and no pointers.
type boxIndex struct {
	boxes  []layout.Box // level 0 (the items, in packed order), then each level up to the root
	ids    []int32      // item ids in packed order
	levels []int        // levels[l] is the end of level l in boxes
}

const nodeSize = 16

// buildIndex indexes the boxes b[id] for the given ids (all of b if ids is
// nil).
func buildIndex(b []layout.Box, ids []int32) *boxIndex {
	if ids == nil {
		ids = make([]int32, len(b))
		for i := range ids {
			ids[i] = int32(i)
		}
	}
	n := len(ids)
	ix := &boxIndex{}
	if n == 0 {
		return ix
	}
	all := layout.EmptyBox()
	for _, id := range ids {
		all = all.Extend(b[id])
	}
	// Sort the items by the Hilbert index of their centres on a 2^16 grid.
	type keyed struct {
		h  uint32
		id int32
	}
	keys := make([]keyed, n)
	w, h := float64(all.Width()), float64(all.Height())
	for i, id := range ids {
		bb := &b[id]
		cx := (float64(bb.Min.X)+float64(bb.Max.X))/2 - float64(all.Min.X)
		cy := (float64(bb.Min.Y)+float64(bb.Max.Y))/2 - float64(all.Min.Y)
		var x, y uint32
		if w > 0 {
			x = uint32(cx / w * 65535)
		}
		if h > 0 {
			y = uint32(cy / h * 65535)
		}
		keys[i] = keyed{hilbert(x, y), id}
	}
	slices.SortFunc(keys, func(p, q keyed) int {
		switch {
		case p.h < q.h:
			return -1
		case p.h > q.h:
			return 1
		}
		return int(p.id - q.id)
	})
	total, cnt := n, n
	for cnt > 1 {
		cnt = (cnt + nodeSize - 1) / nodeSize
		total += cnt
	}
	ix.boxes = make([]layout.Box, 0, total)
	ix.ids = make([]int32, n)
	for i, k := range keys {
		ix.ids[i] = k.id
		ix.boxes = append(ix.boxes, b[k.id])
	}
	ix.levels = append(ix.levels, n)
	lo, hi := 0, n
	for hi-lo > 1 {
		for s := lo; s < hi; s += nodeSize {
			nb := layout.EmptyBox()
			for _, c := range ix.boxes[s:min(s+nodeSize, hi)] {
				nb = nb.Extend(c)
			}
			ix.boxes = append(ix.boxes, nb)
		}
		lo, hi = hi, len(ix.boxes)
		ix.levels = append(ix.levels, hi)
	}
	return ix
}

// search calls visit with the id of every box that intersects q (closed
// boxes: touching counts) until visit returns false. stack is scratch
// space, returned for reuse.
func (ix *boxIndex) search(q layout.Box, stack []int32, visit func(id int32) bool) []int32 {
	if len(ix.ids) == 0 {
		return stack
	}
	top := len(ix.levels) - 1
	if top == 0 {
		if boxesTouch(ix.boxes[0], q) {
			visit(ix.ids[0])
		}
		return stack[:0]
	}
	stack = append(stack[:0], int32(ix.levels[top]-1), int32(top))
	for len(stack) > 0 {
		l := int(stack[len(stack)-1])
		node := int(stack[len(stack)-2])
		stack = stack[:len(stack)-2]
		// The children of the node at position node−levels[l−1] of level
		// l are the next nodeSize nodes of level l−1.
		base := 0
		if l >= 2 {
			base = ix.levels[l-2]
		}
		first := base + (node-ix.levels[l-1])*nodeSize
		end := min(first+nodeSize, ix.levels[l-1])
		for c := first; c < end; c++ {
			if !boxesTouch(ix.boxes[c], q) {
				continue
			}
			if l == 1 {
				if !visit(ix.ids[c]) {
					return stack[:0]
				}
			} else {
				stack = append(stack, int32(c), int32(l-1))
			}
		}
	}
	return stack
}

// hilbert returns the index of (x, y) along a Hilbert curve over a 2^16
// grid (the classic xy2d).
func hilbert(x, y uint32) uint32 {
	const n = 1 << 16
	var d uint32
	for s := uint32(n / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}
