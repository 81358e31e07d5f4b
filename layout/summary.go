package layout

import "sort"

// LayerSummary counts the elements of one layer over all cells of a library
// (each cell's own shapes, references not expanded).
type LayerSummary struct {
	Layer    uint16 `json:"layer"`
	Datatype uint16 `json:"datatype"`
	ShapeCount
	Total int `json:"total"`
}

// Summary describes a library: what `layoutmig info` prints.
type Summary struct {
	Library      string         `json:"library"`
	Version      int16          `json:"version"`
	DBUMicrons   float64        `json:"dbu_um"`
	UserUnit     float64        `json:"user_unit"`
	MetersPerDBU float64        `json:"meters_per_dbu"`
	Cells        []string       `json:"cells"`
	TopCells     []string       `json:"top_cells"`
	Layers       []LayerSummary `json:"layers"`
	Totals       ShapeCount     `json:"totals"`
	// BBoxMicrons is the bounding box of all top cells, in µm
	// (x1, y1, x2, y2); nil when the library draws nothing.
	BBoxMicrons []float64 `json:"bbox_um"`
	Warnings    []string  `json:"warnings"`
}

// Summarize computes the summary of a library. Cell names are sorted; top
// cells too.
func Summarize(l *Library) *Summary {
	s := &Summary{
		Library:      l.Name,
		Version:      l.Version,
		DBUMicrons:   l.DBUMicrons(),
		UserUnit:     l.UserUnit,
		MetersPerDBU: l.MetersPerDBU,
		Cells:        []string{},
		TopCells:     []string{},
		Layers:       []LayerSummary{},
		Warnings:     append([]string{}, l.Warnings...),
	}
	counts := make(map[LayerKey]ShapeCount)
	for _, c := range l.Cells {
		s.Cells = append(s.Cells, c.Name)
		for k, sh := range c.Layers {
			counts[k] = counts[k].Add(sh.Count())
		}
	}
	sort.Strings(s.Cells)
	bb := EmptyBox()
	for _, c := range l.TopCells() {
		s.TopCells = append(s.TopCells, c.Name)
		bb = bb.Extend(l.Bounds(c))
	}
	sort.Strings(s.TopCells)
	for _, k := range SortedKeys(counts) {
		n := counts[k]
		if n.Total() == 0 {
			continue
		}
		s.Layers = append(s.Layers, LayerSummary{Layer: k.Layer, Datatype: k.Datatype, ShapeCount: n, Total: n.Total()})
		s.Totals = s.Totals.Add(n)
	}
	if !bb.IsEmpty() {
		u := l.DBUMicrons()
		s.BBoxMicrons = []float64{float64(bb.Min.X) * u, float64(bb.Min.Y) * u, float64(bb.Max.X) * u, float64(bb.Max.Y) * u}
	}
	return s
}
