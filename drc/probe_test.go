package drc

import (
	"slices"
	"testing"
)

// probe is one measured row of KLAYOUT_SEMANTICS.md (§5, and the examples of
// §2): a layout, a check and the exact edge pairs KLayout 0.28.5 reports, in
// dbu. The inputs are merged polygons.
type probe struct {
	name  string
	a, b  []Polygon
	check string
	d     int32
	opt   CheckOptions
	want  []string
}

var (
	neck     = poly("(0,0;0,300;400,300;400,100;600,100;600,300;1000,300;1000,0)")
	ell      = poly("(0,0;0,1000;100,1000;100,100;1000,100;1000,0)")
	strip45  = poly("(0,0;1000,1000;1100,1000;100,0)")
	triangle = poly("(0,0;0,300;1000,0)")
	kissing  = poly("(0,0;0,100;100,100;100,200;200,200;200,100;100,100;100,0)")
	uNotch   = poly("(0,0;0,1000;200,1000;200,200;300,200;300,1000;500,1000;500,0)")
	vNotch   = poly("(0,0;0,1000;400,1000;500,500;600,1000;1000,1000;1000,0)")
	diamond  = poly("(0,100;100,200;200,100;100,0)")
	// concave corners whose outside wedge is 86.8°, 90° and 93.2°
	wedge868 = poly("(0,0;0,2000;1000,2000;1000,1000;2000,1056;2000,0)")
	wedge90  = poly("(0,0;0,2000;1000,2000;1000,1000;2000,1000;2000,0)")
	wedge932 = poly("(0,0;0,2000;1000,2000;1000,1000;2000,944;2000,0)")
	// 2:1 edges 141.77 apart (rounded integer distance 142)
	slope21a = poly("(0,0;2000,1000;2000,0)")
	slope21b = poly("(-1,158;-1,1158;1999,1158)")
)

func ps(p ...Polygon) []Polygon { return p }

var eu, sq, pr = CheckOptions{}, CheckOptions{Metric: Square}, CheckOptions{Metric: Projection}

var probes = []probe{
	// width
	{name: "box 100 wide, width 100", a: ps(box(0, 0, 100, 1000)), check: "width", d: 100, want: nil},
	{name: "box 100 wide, width 101", a: ps(box(0, 0, 100, 1000)), check: "width", d: 101,
		want: []string{"(0,0;0,1000)|(100,1000;100,0)"}},
	{name: "box 100 wide, width 101 square", a: ps(box(0, 0, 100, 1000)), check: "width", d: 101, opt: sq,
		want: []string{"(0,0;0,1000)|(100,1000;100,0)"}},
	{name: "box 100 wide, width 101 projection", a: ps(box(0, 0, 100, 1000)), check: "width", d: 101, opt: pr,
		want: []string{"(0,0;0,1000)|(100,1000;100,0)"}},
	{name: "box 100 wide, width 101 whole edges", a: ps(box(0, 0, 100, 1000)), check: "width", d: 101, opt: CheckOptions{WholeEdges: true},
		want: []string{"(0,0;0,1000)|(100,1000;100,0)"}},
	{name: "neck, width 150", a: ps(neck), check: "width", d: 150,
		want: []string{"(712,0;288,0)|(400,100;600,100)"}},
	{name: "neck, width 150 whole edges", a: ps(neck), check: "width", d: 150, opt: CheckOptions{WholeEdges: true},
		want: []string{"(1000,0;0,0)|(400,100;600,100)"}},
	{name: "neck, width 250 euclidian", a: ps(neck), check: "width", d: 250,
		want: []string{"(829,0;171,0)|(400,100;600,100)"}},
	{name: "neck, width 250 square", a: ps(neck), check: "width", d: 250, opt: sq,
		want: []string{"(850,0;150,0)|(400,100;600,100)"}},
	{name: "neck, width 250 projection", a: ps(neck), check: "width", d: 250, opt: pr,
		want: []string{"(600,0;400,0)|(400,100;600,100)"}},
	{name: "L with 100 arms, width 150 euclidian", a: ps(ell), check: "width", d: 150,
		want: []string{"(0,0;0,1000)|(100,1000;100,100)", "(1000,0;0,0)|(100,100;1000,100)"}},
	{name: "L with 100 arms, width 150 projection", a: ps(ell), check: "width", d: 150, opt: pr,
		want: []string{"(0,100;0,1000)|(100,1000;100,100)", "(1000,0;100,0)|(100,100;1000,100)"}},
	{name: "two overlapping boxes merged, width 150", a: ps(box(0, 0, 100, 1000)), check: "width", d: 150,
		want: []string{"(0,0;0,1000)|(100,1000;100,0)"}},
	{name: "45° strip 70.7 wide, width 80", a: ps(strip45), check: "width", d: 80,
		want: []string{"(0,0;80,80)|(100,0;0,0)", "(24,24;1000,1000)|(1076,976;100,0)", "(1000,1000;1100,1000)|(1100,1000;1020,920)"}},
	{name: "45° strip 70.7 wide, width 70", a: ps(strip45), check: "width", d: 70,
		want: []string{"(0,0;70,70)|(99,0;0,0)", "(1001,1000;1100,1000)|(1100,1000;1030,930)"}},
	{name: "triangle acute corners, width 50", a: ps(triangle), check: "width", d: 50,
		want: []string{"(0,248;0,300)|(0,300;50,285)", "(1000,0;826,0)|(833,50;1000,0)"}},
	{name: "16.7° corner checked at angle limit 17", a: ps(triangle), check: "width", d: 50, opt: CheckOptions{AngleLimit: 17},
		want: []string{"(1000,0;826,0)|(833,50;1000,0)"}},
	{name: "16.7° corner dropped at angle limit 16", a: ps(triangle), check: "width", d: 50, opt: CheckOptions{AngleLimit: 16},
		want: nil},

	// space, notch, isolated
	{name: "boxes 100 apart, space 100", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000)), check: "space", d: 100, want: nil},
	{name: "boxes 100 apart, space 101", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000)), check: "space", d: 101,
		want: []string{"(200,0;200,1000)|(100,1000;100,0)"}},
	{name: "boxes 100 apart, notch 101", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000)), check: "notch", d: 101, want: nil},
	{name: "boxes 100 apart, isolated 101", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000)), check: "isolated", d: 101,
		want: []string{"(200,0;200,1000)|(100,1000;100,0)"}},
	{name: "offset boxes, space 150 euclidian", a: ps(box(0, 0, 100, 1000), box(200, 500, 300, 1500)), check: "space", d: 150,
		want: []string{"(200,500;200,1112)|(100,1000;100,388)"}},
	{name: "offset boxes, space 150 square", a: ps(box(0, 0, 100, 1000), box(200, 500, 300, 1500)), check: "space", d: 150, opt: sq,
		want: []string{"(200,500;200,1150)|(100,1000;100,350)"}},
	{name: "offset boxes, space 150 projection", a: ps(box(0, 0, 100, 1000), box(200, 500, 300, 1500)), check: "space", d: 150, opt: pr,
		want: []string{"(200,500;200,1000)|(100,1000;100,500)"}},
	{name: "diagonal corners, space 100 euclidian", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 100,
		want: []string{"(100,100;100,63)|(150,150;150,187)", "(63,100;100,100)|(187,150;150,150)"}},
	{name: "diagonal corners, space 100 square", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 100, opt: sq,
		want: []string{"(100,100;100,50)|(150,150;150,200)", "(50,100;100,100)|(200,150;150,150)"}},
	{name: "diagonal corners, space 100 projection", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 100, opt: pr, want: nil},
	{name: "diagonal corners 70.7 apart, space 70", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 70, want: nil},
	{name: "diagonal corners 70.7 apart, space 71: one point pair", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 71,
		want: []string{"(100,100;100,100)|(150,150;150,150)"}},
	{name: "diagonal corners, space 50 square", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 50, opt: sq, want: nil},
	{name: "diagonal corners, space 51 square", a: ps(box(0, 0, 100, 100), box(150, 150, 250, 250)), check: "space", d: 51, opt: sq,
		want: []string{"(100,100;100,99)|(150,150;150,151)", "(99,100;100,100)|(151,150;150,150)"}},
	{name: "corners 111.8 apart, space 112: one point pair", a: ps(box(0, 0, 100, 100), box(150, 200, 250, 300)), check: "space", d: 112,
		want: []string{"(100,100;100,100)|(150,200;150,200)"}},
	{name: "corners 111.8 apart, space 100 square", a: ps(box(0, 0, 100, 100), box(150, 200, 250, 300)), check: "space", d: 100, opt: sq, want: nil},
	{name: "corners 111.8 apart, space 101 square", a: ps(box(0, 0, 100, 100), box(150, 200, 250, 300)), check: "space", d: 101, opt: sq,
		want: []string{"(100,100;100,99)|(150,200;150,201)", "(49,100;100,100)|(201,200;150,200)"}},
	{name: "kissing corners, space 50", a: ps(kissing), check: "space", d: 50,
		want: []string{"(100,100;100,50)|(100,100;100,150)", "(50,100;100,100)|(150,100;100,100)"}},
	{name: "kissing corners, notch 50", a: ps(kissing), check: "notch", d: 50,
		want: []string{"(100,100;100,50)|(100,100;100,150)", "(50,100;100,100)|(150,100;100,100)"}},
	{name: "kissing corners, width 50", a: ps(kissing), check: "width", d: 50,
		want: []string{"(100,100;100,50)|(100,100;100,150)", "(50,100;100,100)|(150,100;100,100)"}},
	{name: "kissing corners, isolated 50", a: ps(kissing), check: "isolated", d: 50, want: nil},
	{name: "boxes abutting along an edge, merged, space 50", a: ps(box(0, 0, 200, 100)), check: "space", d: 50, want: nil},
	{name: "boxes abutting partly, merged, space 50", a: ps(poly("(0,0;0,100;100,100;100,150;200,150;200,50;100,50;100,0)")), check: "space", d: 50, want: nil},
	{name: "U-notch 100 wide, space 150", a: ps(uNotch), check: "space", d: 150,
		want: []string{"(300,200;300,1000)|(200,1000;200,200)"}},
	{name: "U-notch 100 wide, notch 150", a: ps(uNotch), check: "notch", d: 150,
		want: []string{"(300,200;300,1000)|(200,1000;200,200)"}},
	{name: "U-notch 100 wide, isolated 150", a: ps(uNotch), check: "isolated", d: 150, want: nil},
	{name: "V-notch, space 100", a: ps(vNotch), check: "space", d: 100,
		want: []string{"(500,500;551,755)|(449,755;500,500)"}},
	{name: "concave corner, outside wedge 86.8°, space 100", a: ps(wedge868), check: "space", d: 100,
		want: []string{"(1000,1000;1100,1006)|(1000,1100;1000,1000)"}},
	{name: "concave corner, outside wedge 90°, space 100", a: ps(wedge90), check: "space", d: 100, want: nil},
	{name: "concave corner, outside wedge 93.2°, space 100", a: ps(wedge932), check: "space", d: 100, want: nil},
	{name: "3 boxes, space 400 shielded", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000), box(400, 0, 500, 1000)), check: "space", d: 400,
		want: []string{"(200,0;200,1000)|(100,1000;100,0)", "(400,0;400,1000)|(300,1000;300,0)"}},
	{name: "3 boxes, space 400 transparent", a: ps(box(0, 0, 100, 1000), box(200, 0, 300, 1000), box(400, 0, 500, 1000)), check: "space", d: 400,
		opt:  CheckOptions{Transparent: true},
		want: []string{"(200,0;200,1000)|(100,1000;100,0)", "(400,0;400,1000)|(100,1000;100,0)", "(400,0;400,1000)|(300,1000;300,0)"}},
	{name: "2:1 edges 141.77 apart, space 142", a: ps(slope21a, slope21b), check: "space", d: 142, want: nil},
	{name: "2:1 edges 141.77 apart, space 143", a: ps(slope21a, slope21b), check: "space", d: 143,
		want: []string{"(46,23;2000,1000)|(1953,1135;-1,158)"}},

	// separation
	{name: "offset boxes, separation 150", a: ps(box(0, 0, 100, 1000)), b: ps(box(200, 500, 300, 1500)), check: "separation", d: 150,
		want: []string{"(100,1000;100,388)/(200,500;200,1112)"}},
	{name: "abutting layers, separation 50", a: ps(box(0, 0, 100, 1000)), b: ps(box(100, 500, 200, 1500)), check: "separation", d: 50,
		want: []string{"(100,1000;100,450)/(100,500;100,1050)"}},
	{name: "overlapping layers, separation 50", a: ps(box(0, 0, 100, 1000)), b: ps(box(50, 500, 200, 1500)), check: "separation", d: 50, want: nil},
	{name: "diamond vertex vs edge, separation 100", a: ps(diamond), b: ps(box(250, 0, 350, 200)), check: "separation", d: 100,
		want: []string{"(150,150;200,100)/(250,50;250,191)", "(200,100;150,50)/(250,9;250,150)"}},

	// enclosing, enclosed
	{name: "via in metal, enclosing 100 euclidian", a: ps(box(0, 0, 1000, 1000)), b: ps(box(50, 50, 150, 150)), check: "enclosing", d: 100,
		want: []string{"(0,0;0,237)/(50,50;50,150)", "(237,0;0,0)/(150,50;50,50)"}},
	{name: "via in metal, enclosing 100 square", a: ps(box(0, 0, 1000, 1000)), b: ps(box(50, 50, 150, 150)), check: "enclosing", d: 100, opt: sq,
		want: []string{"(0,0;0,250)/(50,50;50,150)", "(250,0;0,0)/(150,50;50,50)"}},
	{name: "via in metal, enclosing 100 projection", a: ps(box(0, 0, 1000, 1000)), b: ps(box(50, 50, 150, 150)), check: "enclosing", d: 100, opt: pr,
		want: []string{"(0,50;0,150)/(50,50;50,150)", "(150,0;50,0)/(150,50;50,50)"}},
	{name: "via in metal, enclosing 51", a: ps(box(0, 0, 1000, 1000)), b: ps(box(50, 50, 150, 150)), check: "enclosing", d: 51,
		want: []string{"(0,40;0,160)/(50,50;50,150)", "(160,0;40,0)/(150,50;50,50)"}},
	{name: "via in metal, enclosing 50", a: ps(box(0, 0, 1000, 1000)), b: ps(box(50, 50, 150, 150)), check: "enclosing", d: 50, want: nil},
	{name: "via in metal, enclosed 100", a: ps(box(50, 50, 150, 150)), b: ps(box(0, 0, 1000, 1000)), check: "enclosed", d: 100,
		want: []string{"(50,50;50,150)/(0,0;0,237)", "(150,50;50,50)/(237,0;0,0)"}},
	{name: "via in the metal's corner, enclosing 50", a: ps(box(0, 0, 1000, 1000)), b: ps(box(0, 0, 100, 100)), check: "enclosing", d: 50,
		want: []string{"(0,0;0,150)/(0,0;0,100)", "(150,0;0,0)/(100,0;0,0)"}},
	{name: "via outside the metal, enclosing 100", a: ps(box(0, 0, 1000, 1000)), b: ps(box(1100, 400, 1200, 500)), check: "enclosing", d: 100, want: nil},
	{name: "via straddling the metal edge, enclosing 100", a: ps(box(0, 0, 1000, 1000)), b: ps(box(950, 400, 1050, 500)), check: "enclosing", d: 100, want: nil},
	{name: "identical layers, enclosing 50", a: ps(box(0, 0, 100, 100)), b: ps(box(0, 0, 100, 100)), check: "enclosing", d: 50,
		want: []string{"(0,0;0,100)/(0,0;0,100)", "(0,100;100,100)/(0,100;100,100)", "(100,0;0,0)/(100,0;0,0)", "(100,100;100,0)/(100,100;100,0)"}},
	{name: "identical layers, enclosing 50 transparent", a: ps(box(0, 0, 100, 100)), b: ps(box(0, 0, 100, 100)), check: "enclosing", d: 50,
		opt:  CheckOptions{Transparent: true},
		want: []string{"(0,0;0,100)/(0,0;0,100)", "(0,100;100,100)/(0,100;100,100)", "(100,0;0,0)/(100,0;0,0)", "(100,100;100,0)/(100,100;100,0)"}},
	{name: "abutting layers, enclosing 50", a: ps(box(0, 0, 100, 100)), b: ps(box(100, 0, 200, 100)), check: "enclosing", d: 50,
		want: []string{"(50,100;100,100)/(100,100;150,100)", "(100,0;50,0)/(150,0;100,0)"}},

	// overlap
	{name: "overlap 100 wide, overlap 150", a: ps(box(0, 0, 1000, 1000)), b: ps(box(900, 100, 2000, 900)), check: "overlap", d: 150,
		want: []string{"(1000,1000;1000,0)/(900,100;900,900)"}},
	{name: "overlap 100 wide, overlap 100", a: ps(box(0, 0, 1000, 1000)), b: ps(box(900, 100, 2000, 900)), check: "overlap", d: 100, want: nil},
	{name: "overlap 100 wide, overlap 101", a: ps(box(0, 0, 1000, 1000)), b: ps(box(900, 100, 2000, 900)), check: "overlap", d: 101,
		want: []string{"(1000,914;1000,86)/(900,100;900,900)"}},
	{name: "abutting layers, overlap 50", a: ps(box(0, 0, 100, 100)), b: ps(box(100, 0, 200, 100)), check: "overlap", d: 50,
		want: []string{"(100,100;100,0)/(100,0;100,100)"}},
	{name: "disjoint layers, overlap 50", a: ps(box(0, 0, 100, 100)), b: ps(box(120, 0, 200, 100)), check: "overlap", d: 50, want: nil},
	{name: "small box inside, overlap 150", a: ps(box(0, 0, 1000, 1000)), b: ps(box(10, 400, 60, 500)), check: "overlap", d: 150,
		want: []string{"(0,263;0,637)/(60,500;60,400)"}},
}

// TestProbes holds every check to the measured rows of
// KLAYOUT_SEMANTICS.md; TestKLayoutEquality runs the same rows through the
// installed KLayout.
func TestProbes(t *testing.T) {
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			got := pairStrings(runCheck(p.check, p.a, p.b, p.d, p.opt))
			want := slices.Clone(p.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				missing, extra := diff(want, got)
				t.Errorf("%s(%d): missing %q, extra %q", p.check, p.d, missing, extra)
			}
		})
	}
}
