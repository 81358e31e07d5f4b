package drc

import (
	"runtime"
	"sync"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// FromRegion returns the merged polygons of a region of the geometry kernel
// as check input, merging first if the region is raw. The kernel's merged
// polygons already follow KLayout's conventions (hull clockwise, holes
// anticlockwise, corner-touching shapes joined, no collinear points);
// FromRegion copies them and starts each contour where KLayout does.
//
// All points go into one array that the polygons share (a layer of a
// million polygons is two allocations, not a million), and large regions
// are converted on all cores.
func FromRegion(r *region.Region) []Polygon {
	if !r.IsMerged() {
		r = r.Merged()
	}
	n := r.Len()
	out := make([]Polygon, n)
	if n == 0 {
		return out
	}
	// Offsets of each polygon's points in the shared array.
	start := make([]int, n+1)
	for i := range n {
		k := len(r.Hull(i))
		for j := range r.NumHoles(i) {
			k += len(r.Hole(i, j))
		}
		start[i+1] = start[i] + k
	}
	arena := make([]layout.Point, start[n])
	convert := func(lo, hi int) {
		var holes [][]layout.Point
		for i := lo; i < hi; i++ {
			dst := arena[start[i]:start[i]:start[i+1]]
			hull := r.Hull(i)
			if !cleanRing(hull, true) {
				out[i] = fallbackPolygon(r, i)
				continue
			}
			dst = appendRotated(dst, hull)
			p := Polygon{Hull: dst[:len(hull):len(hull)]}
			if nh := r.NumHoles(i); nh > 0 {
				holes = holes[:0]
				ok := true
				for j := range nh {
					h := r.Hole(i, j)
					if !cleanRing(h, false) {
						ok = false
						break
					}
					k := len(dst)
					dst = appendRotated(dst, h)
					holes = append(holes, dst[k:len(dst):len(dst)])
				}
				if !ok {
					out[i] = fallbackPolygon(r, i)
					continue
				}
				p.Holes = append([][]layout.Point(nil), holes...)
			}
			out[i] = p
		}
	}
	procs := runtime.GOMAXPROCS(0)
	if n < 1<<14 || procs == 1 {
		convert(0, n)
		return out
	}
	var wg sync.WaitGroup
	chunk := (n + procs - 1) / procs
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			convert(lo, hi)
		}()
	}
	wg.Wait()
	return out
}

// fallbackPolygon converts polygon i through NewPolygon, which cleans any
// ring (not needed for the kernel's merged output, kept for safety).
func fallbackPolygon(r *region.Region, i int) Polygon {
	var holes [][]layout.Point
	for j := range r.NumHoles(i) {
		holes = append(holes, r.Hole(i, j))
	}
	return NewPolygon(r.Hull(i), holes...)
}

// cleanRing reports whether a ring needs no cleaning by normRing: at least
// three points, no repeated point, no vertex where the ring runs straight
// on, and the orientation KLayout gives a hull (clockwise) or a hole.
func cleanRing(pts []layout.Point, hull bool) bool {
	n := len(pts)
	if n < 3 || (ringArea2(pts) > 0) != hull {
		return false
	}
	for i := range n {
		a, b, c := pts[(i+n-1)%n], pts[i], pts[(i+1)%n]
		if a == b || straight(a, b, c) {
			return false
		}
	}
	return true
}

// appendRotated appends the ring starting at its lowest point (least y,
// then least x), as normRing starts rings.
func appendRotated(dst, ring []layout.Point) []layout.Point {
	first := 0
	for i, q := range ring {
		if pointLess(q, ring[first]) {
			first = i
		}
	}
	dst = append(dst, ring[first:]...)
	return append(dst, ring[:first]...)
}
