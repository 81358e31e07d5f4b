package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
)

// node is any XML element, for reading the SVG back.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn for n and every element below it.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for i := range n.Nodes {
		n.Nodes[i].walk(fn)
	}
}

// TestSVG parses the SVG of the shrunk inverter with its markers and checks
// the size, the background, the layer groups in stacking order with their
// colours and patterns, the markers by rule, and the scale bar.
func TestSVG(t *testing.T) {
	lib, top := brokenInverter(t)
	tech := loadTech(t, "sky130")
	rep, err := drc.Run(context.Background(), lib, top, tech, drc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pic, err := New(lib, Options{Cell: top.Name, Layers: FromTech(tech), Markers: rep})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pic.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	var root node
	if err := xml.Unmarshal(buf.Bytes(), &root); err != nil {
		t.Fatalf("the SVG is not well-formed XML: %v", err)
	}
	patterns := map[string]*node{}
	var layers []*node
	var markers []*node
	var background *node
	var texts []string
	root.walk(func(n *node) {
		switch {
		case n.XMLName.Local == "pattern":
			patterns[n.attr("id")] = n
		case n.XMLName.Local == "g" && n.attr("class") == "layer":
			layers = append(layers, n)
		case n.XMLName.Local == "g" && n.attr("class") == "marker":
			markers = append(markers, n)
		case n.attr("id") == "background":
			background = n
		case n.XMLName.Local == "text":
			texts = append(texts, n.Text)
		}
	})
	want := pic.Layers()
	rulesWanted := map[string]int{}
	for _, v := range rep.Violations {
		rulesWanted[v.Rule]++
	}
	rulesGot := map[string]int{}
	for _, m := range markers {
		rulesGot[m.attr("data-rule")]++
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"root element", root.XMLName.Local, "svg"},
		{"width", root.attr("width"), strconv.Itoa(pic.View.Width)},
		{"height", root.attr("height"), strconv.Itoa(pic.View.Height)},
		{"background", background.attr("fill"), hexColor(DarkBackground)},
		{"layer count", strconv.Itoa(len(layers)), strconv.Itoa(len(want))},
		{"marker count", strconv.Itoa(len(markers)), strconv.Itoa(rep.Total)},
		{"marker rules", mapString(rulesGot), mapString(rulesWanted)},
		{"scale bar label in µm", strconv.FormatBool(slices.ContainsFunc(texts, func(s string) bool { return strings.HasSuffix(s, " µm") })), "true"},
		{"pin labels", strconv.FormatBool(slices.Contains(texts, "VPWR") && slices.Contains(texts, "Y")), "true"},
	}
	for i := 0; i < len(layers) && i < len(want); i++ {
		g, st := layers[i], want[i]
		tests = append(tests, struct{ name, got, want string }{"layer " + strconv.Itoa(i) + " name", g.attr("data-layer"), st.Name})
		paths := g.Nodes
		frame := paths[len(paths)-1]
		tests = append(tests, struct{ name, got, want string }{st.Name + " frame colour", frame.attr("stroke"), hexColor(st.Frame)})
		if st.Pattern == "hollow" || st.Pattern == "solid" || st.Outline {
			continue
		}
		ref := strings.TrimSuffix(strings.TrimPrefix(paths[1].attr("fill"), "url(#"), ")")
		p := patterns[ref]
		if p == nil || len(p.Nodes) == 0 {
			t.Errorf("layer %s: fill %q names no pattern", st.Name, paths[1].attr("fill"))
			continue
		}
		paint := p.Nodes[0].attr("stroke") // lines, or dots and bars filled
		if paint == "" {
			paint = p.Nodes[0].attr("fill")
		}
		tests = append(tests, struct{ name, got, want string }{st.Name + " pattern colour", paint, hexColor(st.Fill)})
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if len(rep.Violations) == 0 {
		t.Error("no violations to draw")
	}
}

func mapString(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k, n := range m {
		keys = append(keys, k+"="+strconv.Itoa(n))
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
