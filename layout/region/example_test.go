package region_test

import (
	"fmt"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

func box(x0, y0, x1, y1 int32) layout.Box {
	return layout.Box{Min: layout.Point{X: x0, Y: y0}, Max: layout.Point{X: x1, Y: y1}}
}

// Overlapping and touching shapes merge into one polygon; shapes touching
// only at a corner too, as in KLayout.
func ExampleRegion_Merged() {
	r := region.New()
	r.AddBox(box(0, 0, 100, 100))
	r.AddBox(box(50, 0, 150, 100))
	r.AddBox(box(150, 100, 250, 200))
	m := r.Merged()
	fmt.Println(m.Len(), m.Area())
	fmt.Println(m)
	// Output:
	// 1 25000
	// (0,0;0,100;150,100;150,200;250,200;250,100;150,100;150,0)
}

// Booleans of two layers: what of poly lies outside diff.
func ExampleRegion_Not() {
	poly, diff := region.New(), region.New()
	poly.AddBox(box(0, -50, 20, 150))
	diff.AddBox(box(-100, 0, 100, 100))
	fmt.Println(poly.Not(diff))
	fmt.Println(poly.And(diff))
	// Output:
	// (0,-50;0,0;20,0;20,-50); (0,100;0,150;20,150;20,100)
	// (0,0;0,100;20,100;20,0)
}

// Sizing with KLayout's default corner handling; a shrink that removes the
// shape leaves nothing.
func ExampleRegion_Sized() {
	r := region.New()
	r.AddPolygon([]layout.Point{{X: 0, Y: 0}, {X: 0, Y: 300}, {X: 1000, Y: 0}})
	fmt.Println(r.Sized(20))
	fmt.Println(r.Sized(-200).IsEmpty())
	// Output:
	// (-20,-20;-20,320;-13,325;1025,13;1020,-20)
	// true
}

// A polygon with a hole becomes one GDSII boundary with a cut line.
func ExampleRegion_ResolvedHoles() {
	r := region.New()
	r.AddBox(box(0, 0, 100, 100))
	hole := region.New()
	hole.AddBox(box(40, 40, 60, 60))
	frame := r.Not(hole)
	fmt.Println(frame)
	fmt.Println(frame.ResolvedHoles())
	// Output:
	// (0,0;0,100;100,100;100,0/40,60;40,40;60,40;60,60)
	// (0,0;0,60;40,60;40,40;60,40;60,60;40,60;0,60;0,100;100,100;100,0)
}
