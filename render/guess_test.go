package render

import (
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// boxLibrary is a one-cell library with a box on each given layer.
func boxLibrary(keys ...layout.LayerKey) *layout.Library {
	lib := layout.NewLibrary("LIB")
	lib.MetersPerDBU, lib.UserUnit = 1e-9, 1e-3
	c := layout.NewCell("TOP")
	for i, k := range keys {
		x := int32(1000 * i)
		c.Shapes(k).Polygons.Add([]layout.Point{{X: x, Y: 0}, {X: x, Y: 500}, {X: x + 500, Y: 500}, {X: x + 500, Y: 0}}, nil)
	}
	lib.AddCell(c)
	return lib
}

func TestGuessTech(t *testing.T) {
	var techs []*rules.Tech
	for _, n := range techfiles.Names() {
		techs = append(techs, loadTech(t, n))
	}
	k := func(l, d uint16) layout.LayerKey { return layout.LayerKey{Layer: l, Datatype: d} }
	tests := []struct {
		name string
		lib  func(t *testing.T) *layout.Library
		want string // a technology name, or part of the error
		ok   bool
	}{
		{"sky130 inverter", func(t *testing.T) *layout.Library { return sharedCell(t, inv1) }, "sky130", true},
		{"gf180mcu inverter", func(t *testing.T) *layout.Library {
			return sharedCell(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0/gf180mcu_fd_sc_mcu7t5v0__inv_1.gds")
		}, "gf180mcu", true},
		{"sky130 metals without front end", func(*testing.T) *layout.Library { return boxLibrary(k(68, 20), k(69, 20), k(68, 44)) }, "sky130", true},
		{"layer 1/0 alone (ihp-sg13g2 Activ or freepdk45 active)", func(*testing.T) *layout.Library { return boxLibrary(k(1, 0)) }, "cannot tell", false},
		{"unknown layers", func(*testing.T) *layout.Library { return boxLibrary(k(500, 0), k(501, 0)) }, "none of them known", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lib := tc.lib(t)
			got, err := GuessTech(lib, lib.TopCells()[0], techs)
			switch {
			case tc.ok && err != nil:
				t.Fatalf("got error %v, want %s", err, tc.want)
			case tc.ok && got.Name != tc.want:
				t.Fatalf("got %s, want %s", got.Name, tc.want)
			case !tc.ok && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, %v; want an error saying %q", got, err, tc.want)
			}
		})
	}
}
