package render

import (
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
)

// lypProperties is one <properties> (or <group-members>) entry of a KLayout
// layer properties file.
type lypProperties struct {
	FrameColor string          `xml:"frame-color"`
	FillColor  string          `xml:"fill-color"`
	Dither     string          `xml:"dither-pattern"`
	Visible    string          `xml:"visible"`
	Name       string          `xml:"name"`
	Source     string          `xml:"source"`
	Members    []lypProperties `xml:"group-members"`
}

type lypFile struct {
	XMLName xml.Name        `xml:"layer-properties"`
	Props   []lypProperties `xml:"properties"`
}

// lypSource finds "layer/datatype" in a KLayout source specification
// ("68/20@1", "met1 (68/20)").
var lypSource = regexp.MustCompile(`(\d+)/(\d+)`)

// ReadLyp reads the layer styles of a KLayout layer properties file (.lyp):
// fill and frame colours, the dither pattern (mapped to the nearest of
// Patterns) and the source layer; invisible entries and entries without a
// layer/datatype source are left out. KLayout draws the first entry of the
// list on top, so the styles come back in reverse file order (bottom to
// top).
func ReadLyp(path string) ([]Layer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	defer f.Close()
	layers, err := ParseLyp(f)
	if err != nil {
		return nil, fmt.Errorf("render: %s: %w", path, err)
	}
	return layers, nil
}

// ParseLyp reads layer styles from KLayout layer properties XML (see
// ReadLyp).
func ParseLyp(r io.Reader) ([]Layer, error) {
	var lf lypFile
	if err := xml.NewDecoder(r).Decode(&lf); err != nil {
		return nil, fmt.Errorf("reading layer properties: %w", err)
	}
	var out []Layer
	var walk func(ps []lypProperties) error
	walk = func(ps []lypProperties) error {
		for _, p := range ps {
			if len(p.Members) > 0 {
				if err := walk(p.Members); err != nil {
					return err
				}
			}
			if strings.TrimSpace(p.Visible) == "false" {
				continue
			}
			m := lypSource.FindStringSubmatch(p.Source)
			if m == nil {
				continue
			}
			ln, err1 := strconv.ParseUint(m[1], 10, 16)
			dt, err2 := strconv.ParseUint(m[2], 10, 16)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("layer %q: source %q: layer or datatype out of range", p.Name, p.Source)
			}
			l := Layer{Name: strings.TrimSpace(p.Name), Keys: []layout.LayerKey{{Layer: uint16(ln), Datatype: uint16(dt)}},
				Pattern: ditherPattern(p.Dither)}
			if l.Name == "" {
				l.Name = l.Keys[0].String()
			}
			l.Labels = l.Keys
			var err error
			if l.Fill, err = lypColor(p.FillColor, p.FrameColor); err != nil {
				return fmt.Errorf("layer %s: fill-color: %w", l.Name, err)
			}
			if l.Frame, err = lypColor(p.FrameColor, p.FillColor); err != nil {
				return fmt.Errorf("layer %s: frame-color: %w", l.Name, err)
			}
			l.Outline = outlineName.MatchString(strings.ToLower(l.Name))
			out = append(out, l)
		}
		return nil
	}
	if err := walk(lf.Props); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no visible layer with a layer/datatype source")
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// lypColor reads a colour, falling back to the other colour of the entry,
// then to grey.
func lypColor(s, other string) (color.RGBA, error) {
	switch {
	case strings.TrimSpace(s) != "":
		return ParseColor(s)
	case strings.TrimSpace(other) != "":
		return ParseColor(other)
	}
	return rgb(0x80, 0x80, 0x80), nil
}

// ditherPattern maps KLayout's standard dither patterns (I0 ... I46) to the
// nearest fill pattern: I0 solid, I1 hollow, I2-I3 dotted, I4-I7
// left-hatched (\), I8-I11 right-hatched (/), I12-I13 and I15 cross-hatched,
// I14 and I16 checkerboards as dots; anything else (custom patterns C0, ...)
// as dots.
func ditherPattern(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "solid"
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s, "I"))
	if err != nil || !strings.HasPrefix(s, "I") {
		return "dots"
	}
	switch {
	case n == 0:
		return "solid"
	case n == 1:
		return "hollow"
	case n >= 4 && n <= 7:
		return "backhatch"
	case n >= 8 && n <= 11:
		return "hatch"
	case n == 12 || n == 13 || n == 15:
		return "cross"
	}
	return "dots"
}
