package drc

import "github.com/layoutmig/layoutmig/layout"

// KLayout's shielding test is not symmetric in the two edges of a pair: when
// a shield passes exactly through the point where both connecting segments
// meet (within KLayout's half-unit tolerance), the answer depends on which
// edge comes first. KLayout takes the edges in the order its box scanner
// reports them: the insertion order for up to 100 edges, and beyond that
// the order of a band sweep whose sorts and partitions are libstdc++'s. For
// such ties only, the checker reproduces that order here. Nothing else in
// the package depends on it.

// scanThreshold is the number of boxes up to which KLayout's box scanner
// compares all pairs in insertion order.
const scanThreshold = 100

type scanItem struct {
	id int32
	b  layout.Box
}

// scanOrder returns, for every pair of items whose boxes lie closer than
// enl in x and y (KLayout's bs_boxes_overlap), which one KLayout's box
// scanner passes first: the map holds key(a, b) → true if a comes first.
// Items are given in insertion order.
func scanOrder(items []scanItem, enl int64) map[uint64]bool {
	out := make(map[uint64]bool)
	report := func(a, b int32) {
		k := pairKey(a, b)
		if _, ok := out[k]; !ok {
			out[k] = a < b
		}
	}
	if len(items) <= scanThreshold {
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if scanOverlap(items[i].b, items[j].b, enl) {
					report(items[i].id, items[j].id)
				}
			}
		}
		return out
	}
	pp := append([]scanItem(nil), items...)
	bottom := func(s scanItem) int64 { return int64(s.b.Min.Y) }
	left := func(s scanItem) int64 { return int64(s.b.Min.X) }
	stdSort(pp, bottom)
	y := bottom(pp[0])
	current, future := 0, 0
	for future != len(pp) {
		lim := y + 1 - enl
		current = stdPartition(pp, current, future, func(s scanItem) bool { return int64(s.b.Max.Y) < lim })
		minBand := (future - current) * 2
		yy := y
		for {
			yy = bottom(pp[future])
			for future++; future != len(pp) && bottom(pp[future]) == yy; future++ {
			}
			if future == len(pp) || future-current >= minBand {
				break
			}
		}
		stdSort(pp[current:future], left)
		c, f := current, current
		x := left(pp[c])
		for f != future {
			limx := x + 1 - enl
			c = stdPartition(pp, c, f, func(s scanItem) bool { return int64(s.b.Max.X) < limx })
			f0 := f
			minBox := (f - c) * 2
			xx := x
			for {
				xx = left(pp[f])
				for f++; f != future && left(pp[f]) == xx; f++ {
				}
				if f == future || f-c >= minBox {
					break
				}
			}
			for i := f0; i < f; i++ {
				for j := c; j < i; j++ {
					if scanOverlap(pp[i].b, pp[j].b, enl) {
						// KLayout reports (i, j): the later one first.
						k := pairKey(pp[i].id, pp[j].id)
						if _, ok := out[k]; !ok {
							out[k] = pp[i].id < pp[j].id
						}
					}
				}
			}
			x = xx
		}
		y = yy
	}
	return out
}

// pairKey is an order-independent key of two ids.
func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// scanOverlap is KLayout's bs_boxes_overlap: the gap is smaller than enl in
// x and in y.
func scanOverlap(a, b layout.Box, enl int64) bool {
	return int64(a.Min.X) < int64(b.Max.X)+enl && int64(b.Min.X) < int64(a.Max.X)+enl &&
		int64(a.Min.Y) < int64(b.Max.Y)+enl && int64(b.Min.Y) < int64(a.Max.Y)+enl
}

// --- libstdc++'s std::sort and std::partition, step for step ---------------

// stdSort sorts by key exactly as libstdc++'s std::sort does (introsort with
// median-of-three pivots, heap sort past the depth limit, final insertion
// sort), so that equal keys end up in the same order as in KLayout.
func stdSort(a []scanItem, key func(scanItem) int64) {
	if len(a) < 2 {
		return
	}
	less := func(x, y scanItem) bool { return key(x) < key(y) }
	lg := 0
	for n := len(a); n > 1; n >>= 1 {
		lg++
	}
	introsortLoop(a, 0, len(a), 2*lg, less)
	finalInsertionSort(a, 0, len(a), less)
}

const sortThreshold = 16

func introsortLoop(a []scanItem, first, last, depth int, less func(x, y scanItem) bool) {
	for last-first > sortThreshold {
		if depth == 0 {
			heapSort(a[first:last], less)
			return
		}
		depth--
		mid := first + (last-first)/2
		moveMedianToFirst(a, first, first+1, mid, last-1, less)
		cut := unguardedPartition(a, first+1, last, first, less)
		introsortLoop(a, cut, last, depth, less)
		last = cut
	}
}

func moveMedianToFirst(a []scanItem, result, x, y, z int, less func(x, y scanItem) bool) {
	var m int
	switch {
	case less(a[x], a[y]):
		switch {
		case less(a[y], a[z]):
			m = y
		case less(a[x], a[z]):
			m = z
		default:
			m = x
		}
	case less(a[x], a[z]):
		m = x
	case less(a[y], a[z]):
		m = z
	default:
		m = y
	}
	a[result], a[m] = a[m], a[result]
}

func unguardedPartition(a []scanItem, first, last, pivot int, less func(x, y scanItem) bool) int {
	for {
		for less(a[first], a[pivot]) {
			first++
		}
		last--
		for less(a[pivot], a[last]) {
			last--
		}
		if first >= last {
			return first
		}
		a[first], a[last] = a[last], a[first]
		first++
	}
}

func linearInsert(a []scanItem, last int, less func(x, y scanItem) bool) {
	v := a[last]
	for less(v, a[last-1]) {
		a[last] = a[last-1]
		last--
	}
	a[last] = v
}

func insertionSort(a []scanItem, first, last int, less func(x, y scanItem) bool) {
	for i := first + 1; i < last; i++ {
		if less(a[i], a[first]) {
			v := a[i]
			copy(a[first+1:i+1], a[first:i])
			a[first] = v
		} else {
			linearInsert(a, i, less)
		}
	}
}

func finalInsertionSort(a []scanItem, first, last int, less func(x, y scanItem) bool) {
	if last-first > sortThreshold {
		insertionSort(a, first, first+sortThreshold, less)
		for i := first + sortThreshold; i < last; i++ {
			linearInsert(a, i, less)
		}
	} else {
		insertionSort(a, first, last, less)
	}
}

// heapSort is libstdc++'s std::__partial_sort(first, last, last): make_heap
// then sort_heap.
func heapSort(a []scanItem, less func(x, y scanItem) bool) {
	n := len(a)
	if n < 2 {
		return
	}
	for parent := (n - 2) / 2; ; parent-- {
		adjustHeap(a, parent, n, a[parent], less)
		if parent == 0 {
			break
		}
	}
	for last := n - 1; last > 0; last-- {
		v := a[last]
		a[last] = a[0]
		adjustHeap(a, 0, last, v, less)
	}
}

func adjustHeap(a []scanItem, hole, n int, v scanItem, less func(x, y scanItem) bool) {
	top := hole
	child := hole
	for child < (n-1)/2 {
		child = 2 * (child + 1)
		if less(a[child], a[child-1]) {
			child--
		}
		a[hole] = a[child]
		hole = child
	}
	if n&1 == 0 && child == (n-2)/2 {
		child = 2 * (child + 1)
		a[hole] = a[child-1]
		hole = child - 1
	}
	parent := (hole - 1) / 2
	for hole > top && less(a[parent], v) {
		a[hole] = a[parent]
		hole = parent
		parent = (hole - 1) / 2
	}
	a[hole] = v
}

// stdPartition is libstdc++'s std::partition for bidirectional iterators:
// items satisfying pred move to the front; it returns the boundary.
func stdPartition(a []scanItem, first, last int, pred func(scanItem) bool) int {
	for {
		for {
			if first == last {
				return first
			}
			if !pred(a[first]) {
				break
			}
			first++
		}
		last--
		for {
			if first == last {
				return first
			}
			if pred(a[last]) {
				break
			}
			last--
		}
		a[first], a[last] = a[last], a[first]
		first++
	}
}
