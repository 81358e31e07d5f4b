package layout

import "math"

// Point is a location in database units.
type Point struct {
	X, Y int32
}

// Add returns p+q.
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Sub returns p-q.
func (p Point) Sub(q Point) Point { return Point{p.X - q.X, p.Y - q.Y} }

// Box is an axis-aligned rectangle in database units, Min inclusive and Max
// inclusive. The zero Box with Empty set is the empty box; use EmptyBox.
type Box struct {
	Min, Max Point
}

// EmptyBox returns a box that contains nothing and that any Extend replaces.
func EmptyBox() Box {
	return Box{Min: Point{math.MaxInt32, math.MaxInt32}, Max: Point{math.MinInt32, math.MinInt32}}
}

// IsEmpty reports whether b contains no point.
func (b Box) IsEmpty() bool { return b.Min.X > b.Max.X || b.Min.Y > b.Max.Y }

// ExtendPoint returns the smallest box containing b and p.
func (b Box) ExtendPoint(p Point) Box {
	if p.X < b.Min.X {
		b.Min.X = p.X
	}
	if p.Y < b.Min.Y {
		b.Min.Y = p.Y
	}
	if p.X > b.Max.X {
		b.Max.X = p.X
	}
	if p.Y > b.Max.Y {
		b.Max.Y = p.Y
	}
	return b
}

// Extend returns the smallest box containing b and c.
func (b Box) Extend(c Box) Box {
	if c.IsEmpty() {
		return b
	}
	if b.IsEmpty() {
		return c
	}
	return b.ExtendPoint(c.Min).ExtendPoint(c.Max)
}

// Width is the extent along x (0 for an empty box).
func (b Box) Width() int64 {
	if b.IsEmpty() {
		return 0
	}
	return int64(b.Max.X) - int64(b.Min.X)
}

// Height is the extent along y (0 for an empty box).
func (b Box) Height() int64 {
	if b.IsEmpty() {
		return 0
	}
	return int64(b.Max.Y) - int64(b.Min.Y)
}

// BoxOf returns the bounding box of pts.
func BoxOf(pts []Point) Box {
	b := EmptyBox()
	for _, p := range pts {
		b = b.ExtendPoint(p)
	}
	return b
}

// roundCoord rounds a float coordinate half away from zero and clamps it to
// the int32 range. It is the one rounding rule of the model.
func roundCoord(v float64) int32 {
	r := math.Round(v)
	if r > math.MaxInt32 {
		return math.MaxInt32
	}
	if r < math.MinInt32 {
		return math.MinInt32
	}
	return int32(r)
}
