package layout

import (
	"fmt"
	"math"
)

// PolygonSet holds the polygons (GDSII BOUNDARY elements) of one layer of one
// cell in a single arena: all vertices in Points, and for polygon i its
// vertices are Points[start(i):Ends[i]]. Polygons are stored open: the GDSII
// closing point (equal to the first) is not kept. Rare per-element
// attributes live in the sparse Info map, keyed by polygon index.
//
// The zero value is an empty set ready to use.
type PolygonSet struct {
	Points []Point
	Ends   []uint32
	Info   map[int]*ElementInfo
}

// Len is the number of polygons.
func (s *PolygonSet) Len() int { return len(s.Ends) }

// NumPoints is the number of stored vertices.
func (s *PolygonSet) NumPoints() int { return len(s.Points) }

// Polygon returns the vertices of polygon i. The slice aliases the arena:
// copy it before keeping or modifying it.
func (s *PolygonSet) Polygon(i int) []Point {
	start := uint32(0)
	if i > 0 {
		start = s.Ends[i-1]
	}
	return s.Points[start:s.Ends[i]:s.Ends[i]]
}

// Add appends a polygon (open or closed; a closing point equal to the first
// is dropped) with optional element info, and returns its index.
func (s *PolygonSet) Add(pts []Point, info *ElementInfo) int {
	if n := len(pts); n > 1 && pts[0] == pts[n-1] {
		pts = pts[:n-1]
	}
	if uint64(len(s.Points))+uint64(len(pts)) > math.MaxUint32 {
		panic(fmt.Sprintf("layout: polygon arena over %d points", uint64(math.MaxUint32)))
	}
	s.Points = append(s.Points, pts...)
	s.Ends = append(s.Ends, uint32(len(s.Points)))
	i := len(s.Ends) - 1
	if !info.IsZero() {
		if s.Info == nil {
			s.Info = make(map[int]*ElementInfo)
		}
		s.Info[i] = info
	}
	return i
}

// AppendSet appends all polygons of o (with their info) to s.
func (s *PolygonSet) AppendSet(o *PolygonSet) {
	base := uint32(len(s.Points))
	n0 := len(s.Ends)
	s.Points = append(s.Points, o.Points...)
	if cap(s.Ends)-len(s.Ends) < len(o.Ends) {
		ends := make([]uint32, len(s.Ends), len(s.Ends)+len(o.Ends))
		copy(ends, s.Ends)
		s.Ends = ends
	}
	for _, e := range o.Ends {
		s.Ends = append(s.Ends, e+base)
	}
	for k, v := range o.Info {
		if s.Info == nil {
			s.Info = make(map[int]*ElementInfo)
		}
		s.Info[k+n0] = v
	}
}

// Bounds returns the bounding box of all polygons.
func (s *PolygonSet) Bounds() Box { return BoxOf(s.Points) }
