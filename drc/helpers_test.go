package drc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
)

// box is B(x0,y0,x1,y1) of KLAYOUT_SEMANTICS.md.
func box(x0, y0, x1, y1 int32) Polygon { return Box(x0, y0, x1, y1) }

// poly parses KLayout's polygon notation, "(0,0;0,300;1000,0)" or with
// holes "(0,0;0,40;40,40;40,0/5,5;8,5;5,6)"; the parentheses are optional.
func poly(s string) Polygon {
	p, err := parsePolygon(s)
	if err != nil {
		panic(err)
	}
	return p
}

func parsePolygon(s string) (Polygon, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "("), ")")
	rings := strings.Split(s, "/")
	var pts [][]layout.Point
	for _, r := range rings {
		var ring []layout.Point
		for _, xy := range strings.Split(r, ";") {
			q, err := parsePoint(xy)
			if err != nil {
				return Polygon{}, err
			}
			ring = append(ring, q)
		}
		pts = append(pts, ring)
	}
	return NewPolygon(pts[0], pts[1:]...), nil
}

func parsePoint(s string) (layout.Point, error) {
	x, y, ok := strings.Cut(strings.TrimSpace(s), ",")
	if !ok {
		return layout.Point{}, fmt.Errorf("bad point %q", s)
	}
	xi, err := strconv.ParseInt(x, 10, 32)
	if err != nil {
		return layout.Point{}, err
	}
	yi, err := strconv.ParseInt(y, 10, 32)
	if err != nil {
		return layout.Point{}, err
	}
	return layout.Point{X: int32(xi), Y: int32(yi)}, nil
}

func parseEdge(s string) (Edge, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	a, b, ok := strings.Cut(s, ";")
	if !ok {
		return Edge{}, fmt.Errorf("bad edge %q", s)
	}
	p1, err := parsePoint(a)
	if err != nil {
		return Edge{}, err
	}
	p2, err := parsePoint(b)
	if err != nil {
		return Edge{}, err
	}
	return Edge{p1, p2}, nil
}

// parsePair parses "(..)|(..)" (symmetric) or "(..)/(..)" (ordered).
func parsePair(s string) (EdgePair, error) {
	sep := strings.Index(s, ")|(")
	sym := true
	if sep < 0 {
		sep = strings.Index(s, ")/(")
		sym = false
	}
	if sep < 0 {
		return EdgePair{}, fmt.Errorf("bad edge pair %q", s)
	}
	f, err := parseEdge(s[:sep+1])
	if err != nil {
		return EdgePair{}, err
	}
	g, err := parseEdge(s[sep+2:])
	if err != nil {
		return EdgePair{}, err
	}
	return EdgePair{First: f, Second: g, Symmetric: sym}, nil
}

// pairStrings formats pairs as sorted KLayout strings.
func pairStrings(ps []EdgePair) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	slices.Sort(out)
	return out
}

// runCheck runs a check by name.
func runCheck(check string, a, b []Polygon, d int32, opt CheckOptions) []EdgePair {
	switch check {
	case "width":
		return Width(a, d, opt)
	case "space":
		return Space(a, d, opt)
	case "notch":
		return Notch(a, d, opt)
	case "isolated":
		return Isolated(a, d, opt)
	case "separation":
		return Separation(a, b, d, opt)
	case "enclosing":
		return Enclosing(a, b, d, opt)
	case "enclosed":
		return Enclosed(a, b, d, opt)
	case "overlap":
		return Overlap(a, b, d, opt)
	}
	panic("unknown check " + check)
}

// diff returns the strings only in want and only in got (both sorted).
func diff(want, got []string) (missing, extra []string) {
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case j == len(got) || (i < len(want) && want[i] < got[j]):
			missing = append(missing, want[i])
			i++
		case i == len(want) || got[j] < want[i]:
			extra = append(extra, got[j])
			j++
		default:
			i++
			j++
		}
	}
	return missing, extra
}
