package render

import (
	"math"
	"strings"
	"testing"
)

// TestSetScale draws the inverter again at given scales: the drawing's
// size follows (the cell box in µm times the scale), the
// markers and labels move with it, and a scale too large for a picture is
// an error.
func TestSetScale(t *testing.T) {
	lib := sharedCell(t, inv1)
	pic, err := New(lib, Options{Layers: FromTech(loadTech(t, "sky130"))})
	if err != nil {
		t.Fatal(err)
	}
	box := pic.View.Box
	wantUM := float64(box.Height()) * pic.View.DBU
	tests := []struct {
		name  string
		scale float64 // px per µm
		err   string
	}{
		{"half", pic.View.PixelsPerMicron() / 2, ""},
		{"100 px per µm", 100, ""},
		{"too large for a picture", 1e5, "would not fit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := pic.SetScale(tc.scale)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an error saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := pic.View.PixelsPerMicron(); math.Abs(got-tc.scale) > 1e-9*tc.scale {
				t.Errorf("scale %g px/µm, want %g", got, tc.scale)
			}
			if got, want := pic.View.Height-2*margin-barStrip, int(math.Round(wantUM*tc.scale)); got != want {
				t.Errorf("drawing is %d px high, want %d (%.3f µm at %g px/µm)", got, want, wantUM, tc.scale)
			}
			for _, l := range pic.labels {
				if l.x < 0 || l.x > float64(pic.View.Width) || l.y < 0 || l.y > float64(pic.View.Height) {
					t.Errorf("label %s at (%.0f, %.0f) is off the %dx%d picture", l.text, l.x, l.y, pic.View.Width, pic.View.Height)
				}
			}
			if img := pic.Image(); img.Bounds().Dx() != pic.View.Width || img.Bounds().Dy() != pic.View.Height {
				t.Errorf("image is %v, view %dx%d", img.Bounds(), pic.View.Width, pic.View.Height)
			}
		})
	}
}
