package layout

import (
	"fmt"
	"iter"
	"math"
	"sort"
)

// PolygonSet holds the polygons (GDSII BOUNDARY elements) of one layer of one
// cell. Vertices live in a few large arenas (blocks): a set built with Add has
// one block; a set joined from others with AppendSet shares their blocks
// without copying, which is how the parallel GDS reader assembles a cell of
// millions of polygons without ever copying its coordinates. Polygons are
// stored open: the GDSII closing point (equal to the first) is not kept.
// Rare per-element attributes live in the sparse Info map, keyed by polygon
// index.
//
// The zero value is an empty set ready to use.
type PolygonSet struct {
	blocks []polyBlock
	// first[b] is the index of the first polygon of blocks[b].
	first []int
	n     int
	// last is the block Polygon found last (sequential access is O(1)).
	last int
	Info map[int]*ElementInfo
}

// polyBlock is one arena: polygon i of the block is pts[start(i):ends[i]].
type polyBlock struct {
	pts  []Point
	ends []uint32
}

// Len is the number of polygons.
func (s *PolygonSet) Len() int { return s.n }

// NumPoints is the number of stored vertices.
func (s *PolygonSet) NumPoints() int {
	n := 0
	for i := range s.blocks {
		n += len(s.blocks[i].pts)
	}
	return n
}

func (b *polyBlock) polygon(i int) []Point {
	start := uint32(0)
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.pts[start:b.ends[i]:b.ends[i]]
}

// Polygon returns the vertices of polygon i. The slice aliases the arena:
// copy it before keeping or modifying it.
func (s *PolygonSet) Polygon(i int) []Point {
	if len(s.blocks) == 1 {
		return s.blocks[0].polygon(i)
	}
	b := s.last
	if b >= len(s.blocks) || i < s.first[b] || i >= s.first[b]+len(s.blocks[b].ends) {
		b = sort.Search(len(s.first), func(k int) bool { return s.first[k] > i }) - 1
		s.last = b
	}
	return s.blocks[b].polygon(i - s.first[b])
}

// All iterates over the polygons in order, yielding index and vertices (which
// alias the arena).
func (s *PolygonSet) All() iter.Seq2[int, []Point] {
	return func(yield func(int, []Point) bool) {
		for bi := range s.blocks {
			b := &s.blocks[bi]
			base := s.first[bi]
			start := uint32(0)
			for j, e := range b.ends {
				if !yield(base+j, b.pts[start:e:e]) {
					return
				}
				start = e
			}
		}
	}
}

// Add appends a polygon (open or closed; a closing point equal to the first
// is dropped) with optional element info, and returns its index.
func (s *PolygonSet) Add(pts []Point, info *ElementInfo) int {
	if n := len(pts); n > 1 && pts[0] == pts[n-1] {
		pts = pts[:n-1]
	}
	if len(s.blocks) == 0 {
		s.blocks = append(s.blocks, polyBlock{})
		s.first = append(s.first, 0)
	}
	b := &s.blocks[len(s.blocks)-1]
	if uint64(len(b.pts))+uint64(len(pts)) > math.MaxUint32 {
		s.blocks = append(s.blocks, polyBlock{})
		s.first = append(s.first, s.n)
		b = &s.blocks[len(s.blocks)-1]
		if uint64(len(pts)) > math.MaxUint32 {
			panic(fmt.Sprintf("layout: polygon of %d points", len(pts)))
		}
	}
	b.pts = append(b.pts, pts...)
	b.ends = append(b.ends, uint32(len(b.pts)))
	i := s.n
	s.n++
	if !info.IsZero() {
		if s.Info == nil {
			s.Info = make(map[int]*ElementInfo)
		}
		s.Info[i] = info
	}
	return i
}

// AppendSet appends all polygons of o (with their info) to s. The arenas of
// o are shared, not copied: o must not be modified afterwards.
func (s *PolygonSet) AppendSet(o *PolygonSet) {
	n0 := s.n
	for i := range o.blocks {
		if len(o.blocks[i].ends) == 0 {
			continue
		}
		s.blocks = append(s.blocks, o.blocks[i])
		s.first = append(s.first, s.n)
		s.n += len(o.blocks[i].ends)
	}
	// A later Add must not write into o's arena: start a fresh block.
	if len(s.blocks) > 0 {
		last := &s.blocks[len(s.blocks)-1]
		last.pts = last.pts[:len(last.pts):len(last.pts)]
		last.ends = last.ends[:len(last.ends):len(last.ends)]
	}
	for k, v := range o.Info {
		if s.Info == nil {
			s.Info = make(map[int]*ElementInfo)
		}
		s.Info[k+n0] = v
	}
}

// Compact copies each block into an arena of exactly its size, releasing the
// spare capacity that appending left.
func (s *PolygonSet) Compact() {
	for i := range s.blocks {
		b := &s.blocks[i]
		if cap(b.pts) > len(b.pts)+len(b.pts)/16 {
			b.pts = append(make([]Point, 0, len(b.pts)), b.pts...)
		}
		if cap(b.ends) > len(b.ends)+len(b.ends)/16 {
			b.ends = append(make([]uint32, 0, len(b.ends)), b.ends...)
		}
	}
}

// Bounds returns the bounding box of all polygons.
func (s *PolygonSet) Bounds() Box {
	b := EmptyBox()
	for i := range s.blocks {
		b = b.Extend(BoxOf(s.blocks[i].pts))
	}
	return b
}

// Reset empties the set but keeps its first arena's capacity for reuse.
func (s *PolygonSet) Reset() {
	if len(s.blocks) > 0 {
		b := s.blocks[0]
		s.blocks = s.blocks[:1]
		s.blocks[0] = polyBlock{pts: b.pts[:0], ends: b.ends[:0]}
		s.first = s.first[:1]
	}
	s.n, s.last, s.Info = 0, 0, nil
}

// Clone returns a copy of s in one arena of exactly the needed size.
func (s *PolygonSet) Clone() PolygonSet {
	var c PolygonSet
	if s.n == 0 {
		return c
	}
	pts := make([]Point, 0, s.NumPoints())
	ends := make([]uint32, 0, s.n)
	for i := range s.blocks {
		b := &s.blocks[i]
		base := uint32(len(pts))
		pts = append(pts, b.pts...)
		for _, e := range b.ends {
			ends = append(ends, e+base)
		}
	}
	c.blocks = []polyBlock{{pts: pts, ends: ends}}
	c.first = []int{0}
	c.n = s.n
	if len(s.Info) > 0 {
		c.Info = make(map[int]*ElementInfo, len(s.Info))
		for k, v := range s.Info {
			c.Info[k] = v
		}
	}
	return c
}
