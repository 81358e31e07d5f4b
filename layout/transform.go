package layout

import "math"

// Strans is the GDSII transformation of a reference or text: reflection
// about the x axis (applied first), magnification, then a counter-clockwise
// rotation in degrees. AbsMag and AbsAngle mark the magnification or angle as
// absolute (not composed with the parents'). HasMag and HasAngle record
// whether MAG and ANGLE records were present, so a round trip writes what it
// read.
type Strans struct {
	Reflect  bool
	AbsMag   bool
	AbsAngle bool
	Mag      float64
	Angle    float64
	HasMag   bool
	HasAngle bool
}

// IsIdentity reports whether the strans changes nothing.
func (s Strans) IsIdentity() bool {
	return !s.Reflect && !s.AbsMag && !s.AbsAngle && s.magnification() == 1 && s.Angle == 0
}

func (s Strans) magnification() float64 {
	if !s.HasMag && s.Mag == 0 {
		return 1
	}
	return s.Mag
}

// Transform maps child coordinates into parent coordinates:
// p' = Disp + Mag * Rotate(Angle) * MirrorX(p), where MirrorX flips y when
// Mirror is set. Disp is kept in float64 so that compositions through
// magnified or rotated references stay exact until a point is rounded.
//
// Rounding: a transformed coordinate is computed in float64 and rounded half
// away from zero to the nearest database unit. When the angle is a multiple
// of 90 degrees, the magnification is 1 and the displacement is integral, the
// computation is done in integers and is exact.
type Transform struct {
	Mirror bool
	Angle  float64 // degrees counter-clockwise, normalised to [0, 360)
	Mag    float64
	Disp   [2]float64
}

// Identity is the transform that changes nothing.
func Identity() Transform { return Transform{Mag: 1} }

// TransformOf returns the transform of a placement with strans s at origin.
func TransformOf(s Strans, origin Point) Transform {
	return Transform{
		Mirror: s.Reflect,
		Angle:  normAngle(s.Angle),
		Mag:    s.magnification(),
		Disp:   [2]float64{float64(origin.X), float64(origin.Y)},
	}
}

func normAngle(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	return a
}

// quadrant returns k in 0..3 when the angle is k*90 degrees, else -1.
func (t Transform) quadrant() int {
	q := t.Angle / 90
	if q == math.Trunc(q) {
		return int(q) & 3
	}
	return -1
}

// IsOrtho reports whether the transform maps integer points to integer
// points exactly (angle a multiple of 90, magnification 1, integral
// displacement).
func (t Transform) IsOrtho() bool {
	return t.Mag == 1 && t.quadrant() >= 0 && t.Disp[0] == math.Trunc(t.Disp[0]) && t.Disp[1] == math.Trunc(t.Disp[1])
}

// Then returns the transform that applies t first and then u (u ∘ t).
func (t Transform) Then(u Transform) Transform {
	angle := t.Angle
	if u.Mirror {
		angle = -angle
	}
	x, y := u.applyF(t.Disp[0], t.Disp[1])
	return Transform{
		Mirror: t.Mirror != u.Mirror,
		Angle:  normAngle(u.Angle + angle),
		Mag:    t.Mag * u.Mag,
		Disp:   [2]float64{x, y},
	}
}

func (t Transform) sincos() (float64, float64) {
	switch t.quadrant() {
	case 0:
		return 0, 1
	case 1:
		return 1, 0
	case 2:
		return 0, -1
	case 3:
		return -1, 0
	}
	r := t.Angle * math.Pi / 180
	return math.Sin(r), math.Cos(r)
}

func (t Transform) applyF(x, y float64) (float64, float64) {
	if t.Mirror {
		y = -y
	}
	s, c := t.sincos()
	return t.Disp[0] + t.Mag*(c*x-s*y), t.Disp[1] + t.Mag*(s*x+c*y)
}

// Apply maps a point.
func (t Transform) Apply(p Point) Point {
	if q := t.quadrant(); q >= 0 && t.Mag == 1 && t.Disp[0] == math.Trunc(t.Disp[0]) && t.Disp[1] == math.Trunc(t.Disp[1]) {
		x, y := int64(p.X), int64(p.Y)
		if t.Mirror {
			y = -y
		}
		switch q {
		case 1:
			x, y = -y, x
		case 2:
			x, y = -x, -y
		case 3:
			x, y = y, -x
		}
		return Point{clamp32(x + int64(t.Disp[0])), clamp32(y + int64(t.Disp[1]))}
	}
	x, y := t.applyF(float64(p.X), float64(p.Y))
	return Point{roundCoord(x), roundCoord(y)}
}

// ApplyAll appends the images of src to dst and returns dst.
func (t Transform) ApplyAll(dst, src []Point) []Point {
	for _, p := range src {
		dst = append(dst, t.Apply(p))
	}
	return dst
}

// ApplyBox returns the bounding box of the image of b.
func (t Transform) ApplyBox(b Box) Box {
	if b.IsEmpty() {
		return b
	}
	out := EmptyBox()
	for _, p := range [4]Point{b.Min, {b.Max.X, b.Min.Y}, b.Max, {b.Min.X, b.Max.Y}} {
		out = out.ExtendPoint(t.Apply(p))
	}
	return out
}

// ApplyLength scales a length by the magnification, rounding half away from
// zero.
func (t Transform) ApplyLength(d int32) int32 {
	if t.Mag == 1 {
		return d
	}
	return roundCoord(float64(d) * t.Mag)
}

// IsReflecting reports whether the transform flips orientation.
func (t Transform) IsReflecting() bool { return t.Mirror }

func clamp32(v int64) int32 {
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	if v < math.MinInt32 {
		return math.MinInt32
	}
	return int32(v)
}
