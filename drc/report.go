package drc

import (
	"math"
	"time"

	"github.com/layoutmig/layoutmig/layout"
)

// Report is the result of a run: what was checked, each rule with its
// violation count and time, and every violation.
type Report struct {
	Tool    string
	Version string
	// Input names the checked layout (a file name); Tech the technology and
	// Top the checked cell.
	Input, Tech, Top string
	Elapsed          time.Duration
	// Rules lists the rules that ran, in deck order.
	Rules      []RuleResult
	Violations []Violation
	// Total is the number of violations (len(Violations)).
	Total int
	// DBU is the database unit of the checked layout in µm; the writers
	// use it to print coordinates as KLayout does. It is not part of the
	// JSON report (0 when read back).
	DBU float64
}

// RuleResult is one rule of a report.
type RuleResult struct {
	ID          string
	Description string
	Count       int
	Elapsed     time.Duration
}

// Kind is the kind of a violation's marker.
type Kind string

// The marker kinds.
const (
	KindEdgePair Kind = "edge-pair"
	KindPolygon  Kind = "polygon"
	KindBox      Kind = "box"
	KindEdge     Kind = "edge"
)

// Violation is one marker of a rule, in µm. CoordsUM holds, by kind:
//
//	edge-pair  [[x1,y1,x2,y2],[x3,y3,x4,y4]]   the two edges, each from its first point
//	edge       [[x1,y1,x2,y2]]
//	box        [[left,bottom,right,top]]
//	polygon    [[x1,y1,x2,y2,...],[...],...]  the hull (clockwise), then each hole
type Violation struct {
	Rule     string
	Cell     string
	Kind     Kind
	CoordsUM [][]float64
	// Symmetric marks an edge pair of a single-layer check (KLayout writes
	// "|" between its edges, "/" for the ordered pairs of other checks).
	// It is not part of the JSON report.
	Symmetric bool
}

// microns converts database units to µm so that the value prints as the
// shortest decimal KLayout prints ("%.12g" of c·dbu): for database units
// that are 1/n µm, c/n is the correctly rounded decimal.
type microns struct {
	dbu float64
	inv float64 // 1/dbu when it is a whole number, else 0
}

func newMicrons(dbu float64) microns {
	m := microns{dbu: dbu}
	if inv := math.Round(1 / dbu); inv > 0 && math.Abs(inv*dbu-1) < 1e-12 {
		m.inv = inv
	}
	return m
}

func (m microns) of(c int32) float64 {
	if m.inv != 0 {
		return float64(c) / m.inv
	}
	return float64(c) * m.dbu
}

func (m microns) edge(e Edge) []float64 {
	return []float64{m.of(e.P1.X), m.of(e.P1.Y), m.of(e.P2.X), m.of(e.P2.Y)}
}

func (m microns) ring(pts []layout.Point) []float64 {
	out := make([]float64, 0, 2*len(pts))
	for _, q := range pts {
		out = append(out, m.of(q.X), m.of(q.Y))
	}
	return out
}

// appendViolations converts a rule's results into violations.
func (res *ruleResult) appendViolations(out []Violation, rule, cell string, dbu float64) []Violation {
	m := newMicrons(dbu)
	for _, p := range res.pairs {
		out = append(out, Violation{Rule: rule, Cell: cell, Kind: KindEdgePair,
			CoordsUM: [][]float64{m.edge(p.First), m.edge(p.Second)}, Symmetric: p.Symmetric})
	}
	for _, p := range res.polys {
		c := make([][]float64, 0, 1+len(p.Holes))
		c = append(c, m.ring(p.Hull))
		for _, h := range p.Holes {
			c = append(c, m.ring(h))
		}
		out = append(out, Violation{Rule: rule, Cell: cell, Kind: KindPolygon, CoordsUM: c})
	}
	for _, e := range res.edges {
		out = append(out, Violation{Rule: rule, Cell: cell, Kind: KindEdge, CoordsUM: [][]float64{m.edge(e)}})
	}
	for _, b := range res.boxes {
		out = append(out, Violation{Rule: rule, Cell: cell, Kind: KindBox,
			CoordsUM: [][]float64{{m.of(b.Min.X), m.of(b.Min.Y), m.of(b.Max.X), m.of(b.Max.Y)}}})
	}
	return out
}

// Clean reports whether the report has no violation.
func (r *Report) Clean() bool { return r.Total == 0 }
