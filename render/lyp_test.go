package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

// testLyp is a small KLayout layer properties file as KLayout writes them:
// a group, an invisible layer, an entry without a layer source.
const testLyp = `<?xml version="1.0" encoding="utf-8"?>
<layer-properties>
 <properties>
  <frame-color>#ffa000</frame-color>
  <fill-color>#ffa000</fill-color>
  <dither-pattern>I9</dither-pattern>
  <visible>true</visible>
  <name>met1.drawing - 68/20</name>
  <source>68/20@1</source>
 </properties>
 <properties>
  <frame-color>#40ff40</frame-color>
  <fill-color>#20c020</fill-color>
  <dither-pattern>I5</dither-pattern>
  <visible>true</visible>
  <name>front end</name>
  <source>*/*@*</source>
  <group-members>
   <frame-color>#c00000</frame-color>
   <fill-color>#ff0000</fill-color>
   <dither-pattern>I12</dither-pattern>
   <visible>true</visible>
   <name>poly</name>
   <source>66/20@1</source>
  </group-members>
  <group-members>
   <fill-color>#00ff00</fill-color>
   <dither-pattern>I2</dither-pattern>
   <visible>false</visible>
   <name>diff</name>
   <source>65/20@1</source>
  </group-members>
 </properties>
 <properties>
  <frame-color>#ffffff</frame-color>
  <dither-pattern>I1</dither-pattern>
  <name>prBndry</name>
  <source>235/4@1</source>
 </properties>
</layer-properties>
`

func TestParseLyp(t *testing.T) {
	layers, err := ParseLyp(strings.NewReader(testLyp))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name, key, fill, frame, pattern string
		outline                         bool
	}{
		// bottom to top: KLayout draws the first entry on top
		{"prBndry", "235/4", "#ffffff", "#ffffff", "hollow", true},
		{"poly", "66/20", "#ff0000", "#c00000", "cross", false},
		{"met1.drawing - 68/20", "68/20", "#ffa000", "#ffa000", "hatch", false},
	}
	if len(layers) != len(want) {
		t.Fatalf("got %d layers (%v), want %d", len(layers), layers, len(want))
	}
	for i, w := range want {
		l := layers[i]
		if l.Name != w.name || l.Keys[0].String() != w.key || hexColor(l.Fill) != w.fill || hexColor(l.Frame) != w.frame ||
			l.Pattern != w.pattern || l.Outline != w.outline {
			t.Errorf("layer %d: got %s %v fill %s frame %s %s outline %v, want %+v",
				i, l.Name, l.Keys, hexColor(l.Fill), hexColor(l.Frame), l.Pattern, l.Outline, w)
		}
	}
}

func TestParseLypErrors(t *testing.T) {
	tests := []struct{ name, xml, want string }{
		{"not XML", "layer 68/20 blue", "reading layer properties"},
		{"no layers", `<layer-properties><properties><source>*/*@*</source></properties></layer-properties>`, "no visible layer"},
		{"bad colour", `<layer-properties><properties><fill-color>blue</fill-color><source>1/0@1</source></properties></layer-properties>`, "fill-color"},
		{"layer out of range", `<layer-properties><properties><source>70000/0@1</source></properties></layer-properties>`, "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLyp(strings.NewReader(tc.xml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error about %q", err, tc.want)
			}
		})
	}
}

// TestLypColours draws the inverter with the .lyp file's colours: met1 is
// the file's orange, not the technology's blue.
func TestLypColours(t *testing.T) {
	lib := sharedCell(t, inv1)
	path := filepath.Join(t.TempDir(), "sky130.lyp")
	if err := os.WriteFile(path, []byte(testLyp), 0o644); err != nil {
		t.Fatal(err)
	}
	styles, err := ReadLyp(path)
	if err != nil {
		t.Fatal(err)
	}
	pic, err := New(lib, Options{Layers: styles, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	geo := layoutGeometry(lib, lib.TopCells()[0], styles)
	x, y, ok := findClearPoint(geo, pic.View, []string{"met1.drawing - 68/20"}, 6)
	if !ok {
		t.Fatal("no place with met1 alone")
	}
	px, py := pic.View.PixelDBU(x, y)
	orange := styles[2].Fill
	strongest := 0.0
	for _, c := range window(pic.Image(), px, py, 4) {
		tt, off := blendOf(c, pic.Background, orange)
		if off > 3 {
			t.Fatalf("pixel %v near (%.0f, %.0f) is not a blend of the background and the .lyp colour %v", c, px, py, orange)
		}
		strongest = max(strongest, tt)
	}
	if strongest < 0.9 {
		t.Errorf("no pixel near (%.0f, %.0f) has the .lyp colour of met1", px, py)
	}
	// layers the file does not name are still drawn
	var names []string
	for _, l := range pic.Layers() {
		names = append(names, l.Name)
	}
	if !strings.Contains(strings.Join(names, " "), (layout.LayerKey{Layer: 67, Datatype: 20}).String()) {
		t.Errorf("li1 (67/20), not in the file, is not drawn: layers %v", names)
	}
}
