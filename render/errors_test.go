package render

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
)

func TestBadInput(t *testing.T) {
	lib := sharedCell(t, inv1)
	styles := FromTech(loadTech(t, "sky130"))
	other := &drc.Report{Tool: "layoutmig", Top: "sky130_fd_sc_hd__nand2_1"}
	broken := &drc.Report{Tool: "layoutmig", Total: 1, Violations: []drc.Violation{
		{Rule: "m1.1", Kind: drc.KindEdgePair, CoordsUM: [][]float64{{0, 0, 1, 0}}}}}
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"no such cell", Options{Cell: "NAND9", Layers: styles}, `no cell "NAND9"`},
		{"report of another cell", Options{Layers: styles, Markers: other}, "checked cell sky130_fd_sc_hd__nand2_1"},
		{"edge pair with one edge", Options{Layers: styles, Markers: broken}, "has 1 coordinate lists"},
		{"picture too small", Options{Layers: styles, Size: 10}, "size 10 px"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(lib, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
	pic, err := New(lib, Options{Layers: styles})
	if err != nil {
		t.Fatal(err)
	}
	if err := pic.WriteFile(filepath.Join(t.TempDir(), "inv.jpg")); err == nil || !strings.Contains(err.Error(), "want .png or .svg") {
		t.Errorf("writing a .jpg: got %v, want an unknown format error", err)
	}
}
