package region

import (
	"slices"
)

// Clusters: polygons whose closed bounding boxes overlap or touch, taken
// transitively, can only affect each other's results. The kernel finds
// these clusters first (grid hashing of the boxes plus union-find, about
// O(n log n)) and runs the scanline on each cluster alone: the clusters of
// real layouts are small, so each scanline is short, stays in the cache and
// clusters are processed on all cores. Two polygons may share a cluster
// without interacting; that costs time, never correctness.

type clusters struct {
	order  []int32 // polygon indices grouped by cluster, ascending within
	starts []int32 // cluster k is order[starts[k]:starts[k+1]]
}

func (c *clusters) len() int { return len(c.starts) - 1 }

func (c *clusters) members(k int) []int32 { return c.order[c.starts[k]:c.starts[k+1]] }

type unionFind []int32

func (u unionFind) find(i int32) int32 {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	switch {
	case ra < rb:
		u[rb] = ra
	case rb < ra:
		u[ra] = rb
	}
}

func boxesTouch(a, b Box) bool {
	return a.Max.X >= b.Min.X && b.Max.X >= a.Min.X && a.Max.Y >= b.Min.Y && b.Max.Y >= a.Min.Y
}

// maxCellsPerBox is the number of grid cells above which a box is handled
// as a big box.
const maxCellsPerBox = 64

// makeClusters groups the boxes into clusters of transitively touching
// boxes.
func makeClusters(boxes []Box) clusters {
	n := len(boxes)
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = int32(i)
	}
	if n <= 32 {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if boxesTouch(boxes[i], boxes[j]) {
					uf.union(int32(i), int32(j))
				}
			}
		}
		return groupClusters(uf)
	}
	g := gridSize(boxes)
	cell := func(v int32) int64 { return floorDiv(int64(v), g) }
	total := 0
	for _, b := range boxes {
		c := (cell(b.Max.X) - cell(b.Min.X) + 1) * (cell(b.Max.Y) - cell(b.Min.Y) + 1)
		if c <= maxCellsPerBox {
			total += int(c)
		}
	}
	keys := make([]uint64, 0, total)
	vals := make([]int32, 0, total)
	var big []int32
	for i, b := range boxes {
		x0, x1, y0, y1 := cell(b.Min.X), cell(b.Max.X), cell(b.Min.Y), cell(b.Max.Y)
		if (x1-x0+1)*(y1-y0+1) > maxCellsPerBox {
			big = append(big, int32(i))
			continue
		}
		for cx := x0; cx <= x1; cx++ {
			for cy := y0; cy <= y1; cy++ {
				keys = append(keys, cellKey(cx, cy))
				vals = append(vals, int32(i))
			}
		}
	}
	radixSort(keys, vals)
	for s := 0; s < len(keys); {
		e := s + 1
		for e < len(keys) && keys[e] == keys[s] {
			e++
		}
		unionGroup(uf, boxes, vals[s:e])
		s = e
	}
	if len(big) > 0 {
		unionBig(uf, boxes, big, keys, vals, g)
	}
	return groupClusters(uf)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func cellKey(cx, cy int64) uint64 {
	return uint64(cx+(1<<31))<<32 | uint64(cy+(1<<31))&0xffffffff
}

// gridSize picks the cell size: twice the typical box extent, so that most
// boxes cover one to four cells and few boxes share a cell.
func gridSize(boxes []Box) int64 {
	step := max(1, len(boxes)/4096)
	var ext []int64
	for i := 0; i < len(boxes); i += step {
		b := boxes[i]
		ext = append(ext, max(b.Width(), b.Height()))
	}
	slices.Sort(ext)
	g := 2 * ext[len(ext)*9/10]
	return max(g, 16)
}

// unionGroup unions the touching boxes among those sharing one grid cell.
func unionGroup(uf unionFind, boxes []Box, m []int32) {
	if len(m) <= 24 {
		for a := 0; a < len(m); a++ {
			ba := boxes[m[a]]
			for b := a + 1; b < len(m); b++ {
				if boxesTouch(ba, boxes[m[b]]) {
					uf.union(m[a], m[b])
				}
			}
		}
		return
	}
	// Many boxes in one cell: sweep over x.
	ms := slices.Clone(m)
	slices.SortFunc(ms, func(a, b int32) int { return cmpInt32(boxes[a].Min.X, boxes[b].Min.X) })
	act := make([]int32, 0, 16)
	for _, i := range ms {
		b := boxes[i]
		w := 0
		for _, j := range act {
			o := boxes[j]
			if o.Max.X < b.Min.X {
				continue
			}
			act[w] = j
			w++
			if o.Max.Y >= b.Min.Y && b.Max.Y >= o.Min.Y {
				uf.union(i, j)
			}
		}
		act = append(act[:w], i)
	}
}

// unionBig unions the big boxes with everything they touch: through the
// grid columns they cover when that is cheaper, else by scanning all boxes.
func unionBig(uf unionFind, boxes []Box, big []int32, keys []uint64, vals []int32, g int64) {
	cell := func(v int32) int64 { return floorDiv(int64(v), g) }
	for _, i := range big {
		b := boxes[i]
		x0, x1, y0, y1 := cell(b.Min.X), cell(b.Max.X), cell(b.Min.Y), cell(b.Max.Y)
		if x1-x0+1 <= int64(len(boxes)/64) {
			for cx := x0; cx <= x1; cx++ {
				lo, hi := cellKey(cx, y0), cellKey(cx, y1)
				k, _ := slices.BinarySearch(keys, lo)
				for ; k < len(keys) && keys[k] <= hi; k++ {
					if j := vals[k]; boxesTouch(b, boxes[j]) {
						uf.union(i, j)
					}
				}
			}
		} else {
			for j := range boxes {
				if boxesTouch(b, boxes[j]) {
					uf.union(i, int32(j))
				}
			}
		}
	}
	// Big boxes against each other.
	sorted := slices.Clone(big)
	slices.SortFunc(sorted, func(a, b int32) int { return cmpInt32(boxes[a].Min.X, boxes[b].Min.X) })
	for a, i := range sorted {
		bi := boxes[i]
		for _, j := range sorted[a+1:] {
			if boxes[j].Min.X > bi.Max.X {
				break
			}
			if boxesTouch(bi, boxes[j]) {
				uf.union(i, j)
			}
		}
	}
}

// groupClusters turns the union-find forest into clusters ordered by their
// smallest member.
func groupClusters(uf unionFind) clusters {
	n := len(uf)
	id := make([]int32, n)
	count := make([]int32, 0, n/2+1)
	for i := 0; i < n; i++ {
		r := uf.find(int32(i))
		if r == int32(i) {
			id[i] = int32(len(count))
			count = append(count, 0)
		} else {
			id[i] = id[r]
		}
		count[id[i]]++
	}
	c := clusters{order: make([]int32, n), starts: make([]int32, len(count)+1)}
	for k, v := range count {
		c.starts[k+1] = c.starts[k] + v
	}
	fill := slices.Clone(c.starts[:len(count)])
	for i := 0; i < n; i++ {
		k := id[i]
		c.order[fill[k]] = int32(i)
		fill[k]++
	}
	return c
}

// radixSort sorts keys ascending, carrying vals along (LSD, 16-bit digits,
// skipping digits that are equal in all keys).
func radixSort(keys []uint64, vals []int32) {
	n := len(keys)
	if n < 256 {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
		k2 := make([]uint64, n)
		v2 := make([]int32, n)
		for i, j := range idx {
			k2[i], v2[i] = keys[j], vals[j]
		}
		copy(keys, k2)
		copy(vals, v2)
		return
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, k := range keys {
		or |= k
		and &= k
	}
	diff := or ^ and
	tk := make([]uint64, n)
	tv := make([]int32, n)
	src, dst := keys, tk
	srcV, dstV := vals, tv
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if (diff>>shift)&0xffff == 0 {
			continue
		}
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for i, k := range src {
			d := (k >> shift) & 0xffff
			dst[count[d]] = k
			dstV[count[d]] = srcV[i]
			count[d]++
		}
		src, dst = dst, src
		srcV, dstV = dstV, srcV
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
		copy(vals, srcV)
	}
}
