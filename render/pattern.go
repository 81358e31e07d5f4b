package render

import "fmt"

// patternPeriod is the repeat of every fill pattern in pixels; patterns are
// anchored at the picture's origin so that they run on across abutting
// shapes.
const patternPeriod = 8

// patternOn says whether pixel (x, y) (y down) of a pattern is set.
// Unknown names fall back to hollow.
func patternOn(name string, x, y int) bool {
	m := func(v int) int { return ((v % patternPeriod) + patternPeriod) % patternPeriod }
	switch name {
	case "solid":
		return true
	case "hatch": // rising to the right: x+y constant
		return m(x+y) < 2
	case "backhatch": // falling to the right
		return m(x-y) < 2
	case "cross":
		return m(x+y) < 1 || m(x-y) < 1
	case "dots":
		return m(x) < 2 && m(y) < 2
	case "grid":
		return m(x) < 1 || m(y) < 1
	case "horizontal":
		return m(y) < 2
	case "vertical":
		return m(x) < 2
	}
	return false
}

// patternMask returns a pattern's period as a coverage table (0..255),
// indexed [y][x].
func patternMask(name string) [patternPeriod][patternPeriod]uint8 {
	var t [patternPeriod][patternPeriod]uint8
	for y := range patternPeriod {
		for x := range patternPeriod {
			if patternOn(name, x, y) {
				t[y][x] = 255
			}
		}
	}
	return t
}

// svgPattern returns the body of an SVG <pattern> of one period that draws
// the same pattern as patternOn in colour c, as lines of the same width.
func svgPattern(name, c string) string {
	const p = patternPeriod
	line := func(d string, w float64) string {
		return fmt.Sprintf(`<path d="%s" stroke="%s" stroke-width="%g" fill="none"/>`, d, c, w)
	}
	// diagonals through each period corner, drawn three times so that the
	// ends join at the tile borders
	rise := fmt.Sprintf("M%d,%d L%d,%d M%d,%d L%d,%d M%d,%d L%d,%d", -1, 1, 1, -1, 0, p, p, 0, p-1, p+1, p+1, p-1)
	fall := fmt.Sprintf("M%d,%d L%d,%d M%d,%d L%d,%d M%d,%d L%d,%d", -1, p-1, 1, p+1, 0, 0, p, p, p-1, -1, p+1, 1)
	switch name {
	case "solid":
		return fmt.Sprintf(`<rect width="%d" height="%d" fill="%s"/>`, p, p, c)
	case "hatch":
		return line(rise, 1.4)
	case "backhatch":
		return line(fall, 1.4)
	case "cross":
		return line(rise+" "+fall, 0.8)
	case "dots":
		return fmt.Sprintf(`<rect width="2" height="2" fill="%s"/>`, c)
	case "grid":
		return line(fmt.Sprintf("M0,0.5 H%d M0.5,0 V%d", p, p), 1)
	case "horizontal":
		return fmt.Sprintf(`<rect width="%d" height="2" fill="%s"/>`, p, c)
	case "vertical":
		return fmt.Sprintf(`<rect width="2" height="%d" fill="%s"/>`, p, c)
	}
	return ""
}
