package layout

// PathType is the GDSII PATHTYPE: how a path's ends are drawn.
type PathType int16

// The GDSII path end types.
const (
	PathFlush    PathType = 0 // ends flush with the end points
	PathRound    PathType = 1 // round ends (half-circle of half the width)
	PathExtended PathType = 2 // ends extended by half the width
	PathCustom   PathType = 4 // ends extended by BgnExtn and EndExtn
)

// Path is a GDSII PATH element: a centre line with a width.
type Path struct {
	Points []Point
	// Width in database units. A negative width is absolute: it is not
	// scaled by the magnification of the references above it.
	Width    int32
	Type     PathType
	BgnExtn  int32 // begin extension, for PathCustom
	EndExtn  int32 // end extension, for PathCustom
	HasExtns bool  // BGNEXTN/ENDEXTN records were present (kept for round trips)
	Info     *ElementInfo
}

// HalfWidth is half the absolute width.
func (p *Path) HalfWidth() int32 {
	w := p.Width
	if w < 0 {
		w = -w
	}
	return w / 2
}

// Extensions returns the begin and end extensions implied by the path type.
func (p *Path) Extensions() (bgn, end int32) {
	switch p.Type {
	case PathExtended:
		hw := p.HalfWidth()
		return hw, hw
	case PathCustom:
		return p.BgnExtn, p.EndExtn
	case PathRound:
		hw := p.HalfWidth()
		return hw, hw
	}
	return 0, 0
}

// BoxElement is a GDSII BOX element (a placeholder rectangle with a boxtype,
// which is the Datatype of its LayerKey). GDSII stores five points; all are
// kept.
type BoxElement struct {
	Points [5]Point
	Info   *ElementInfo
}

// Node is a GDSII NODE element (electrical net points, 1 to 50 points).
type Node struct {
	Points []Point
	Info   *ElementInfo
}

// Presentation is the GDSII PRESENTATION word of a text: font (0-3),
// vertical justification (0 top, 1 middle, 2 bottom) and horizontal
// justification (0 left, 1 centre, 2 right).
type Presentation uint16

// Font returns the font number.
func (p Presentation) Font() int { return int(p>>4) & 3 }

// VJust returns the vertical justification.
func (p Presentation) VJust() int { return int(p>>2) & 3 }

// HJust returns the horizontal justification.
func (p Presentation) HJust() int { return int(p) & 3 }

// Text is a GDSII TEXT element: a label at a point.
type Text struct {
	Pos    Point
	String string
	// Presentation and HasPresentation: the PRESENTATION record.
	Presentation    Presentation
	HasPresentation bool
	// PathType and Width: the optional PATHTYPE and WIDTH records.
	PathType    PathType
	HasPathType bool
	Width       int32
	HasWidth    bool
	// Trans is the text's orientation and magnification (STRANS, MAG,
	// ANGLE); its Offset is unused (Pos is the position).
	Trans Strans
	Info  *ElementInfo
}

// Shapes holds everything of one layer of one cell.
type Shapes struct {
	Polygons PolygonSet
	Paths    []Path
	Boxes    []BoxElement
	Nodes    []Node
	Texts    []Text
}

// Count returns the number of elements of each kind.
func (s *Shapes) Count() ShapeCount {
	return ShapeCount{
		Polygons: s.Polygons.Len(),
		Paths:    len(s.Paths),
		Boxes:    len(s.Boxes),
		Nodes:    len(s.Nodes),
		Texts:    len(s.Texts),
	}
}

// IsEmpty reports whether the layer holds nothing.
func (s *Shapes) IsEmpty() bool { return s.Count().Total() == 0 }

// ShapeCount counts elements by kind.
type ShapeCount struct {
	Polygons int `json:"polygons"`
	Paths    int `json:"paths"`
	Boxes    int `json:"boxes"`
	Nodes    int `json:"nodes"`
	Texts    int `json:"texts"`
}

// Total is the sum over all kinds.
func (c ShapeCount) Total() int { return c.Polygons + c.Paths + c.Boxes + c.Nodes + c.Texts }

// Add returns the kind-wise sum.
func (c ShapeCount) Add(o ShapeCount) ShapeCount {
	return ShapeCount{c.Polygons + o.Polygons, c.Paths + o.Paths, c.Boxes + o.Boxes, c.Nodes + o.Nodes, c.Texts + o.Texts}
}

// Scale returns the count multiplied by n.
func (c ShapeCount) Scale(n int) ShapeCount {
	return ShapeCount{c.Polygons * n, c.Paths * n, c.Boxes * n, c.Nodes * n, c.Texts * n}
}
