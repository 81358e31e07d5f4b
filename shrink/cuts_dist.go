package shrink

import (
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// minDistWithin is the smallest Euclidean distance between the boundaries
// of two regions in database units, or limit when it is not smaller (also
// when one is empty). Edges whose bounding boxes are limit or more apart
// are not compared.
func minDistWithin(a, b *region.Region, limit int64) float64 {
	best := float64(limit)
	if a.IsEmpty() || b.IsEmpty() {
		return best
	}
	ea := a.Edges()
	ab := a.BBox()
	var eb []region.Edge
	for _, e := range b.Edges() {
		if boxDist2(edgeBox(e), ab) < limit*limit {
			eb = append(eb, e)
		}
	}
	for _, x := range ea {
		xb := edgeBox(x)
		for _, y := range eb {
			if float64(boxDist2(xb, edgeBox(y))) >= best*best {
				continue
			}
			best = math.Min(best, segDist(x, y))
		}
	}
	return best
}

func edgeBox(e region.Edge) layout.Box {
	return layout.Box{Min: layout.Point{X: min(e.P1.X, e.P2.X), Y: min(e.P1.Y, e.P2.Y)},
		Max: layout.Point{X: max(e.P1.X, e.P2.X), Y: max(e.P1.Y, e.P2.Y)}}
}

// segDist is the distance between two segments.
func segDist(a, b region.Edge) float64 {
	if segCross(a, b) {
		return 0
	}
	return math.Min(math.Min(ptSeg(a.P1, b), ptSeg(a.P2, b)), math.Min(ptSeg(b.P1, a), ptSeg(b.P2, a)))
}

func ptSeg(p region.Point, e region.Edge) float64 {
	ax, ay := float64(e.P1.X), float64(e.P1.Y)
	dx, dy := float64(e.P2.X)-ax, float64(e.P2.Y)-ay
	px, py := float64(p.X)-ax, float64(p.Y)-ay
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = math.Max(0, math.Min(1, (px*dx+py*dy)/l))
	}
	return math.Hypot(px-t*dx, py-t*dy)
}

func segCross(a, b region.Edge) bool {
	d1 := orient(b.P1, b.P2, a.P1)
	d2 := orient(b.P1, b.P2, a.P2)
	d3 := orient(a.P1, a.P2, b.P1)
	d4 := orient(a.P1, a.P2, b.P2)
	return d1*d2 < 0 && d3*d4 < 0
}

func orient(o, a, b region.Point) int64 {
	v := (int64(a.X)-int64(o.X))*(int64(b.Y)-int64(o.Y)) - (int64(a.Y)-int64(o.Y))*(int64(b.X)-int64(o.X))
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
