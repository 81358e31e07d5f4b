// Package sheet builds test and benchmark layouts from real cell libraries:
// every cell of a library placed once on one sheet, the sheet arrayed, and
// optionally flattened. The layouts are made by code so that anyone can see
// how they were made; the inputs stay where they are (shared/pdk).
package sheet

import (
	"fmt"
	"math"
	"sort"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// Options control the placement.
type Options struct {
	// Gap is the space between placed cells and between rows, in dbu.
	Gap int32
	// RowWidth is the target width of a row in dbu; 0 picks about the
	// square root of the total cell area, so the sheet is roughly square.
	RowWidth int64
}

// Merge joins the cells of several libraries with the same database unit
// into one new library named name. A cell name defined in more than one
// input is taken to be the same cell (a library file often carries copies of
// the cells it places): the first definition is kept and references to the
// others are redirected to it.
func Merge(name string, libs ...*layout.Library) (*layout.Library, error) {
	if len(libs) == 0 {
		return nil, fmt.Errorf("sheet: no input library")
	}
	out := layout.NewLibrary(name)
	out.UserUnit, out.MetersPerDBU = libs[0].UserUnit, libs[0].MetersPerDBU
	seen := make(map[string]*layout.Cell)
	alias := make(map[*layout.Cell]*layout.Cell)
	for _, l := range libs {
		if l.MetersPerDBU != out.MetersPerDBU {
			return nil, fmt.Errorf("sheet: library %s has a database unit of %g m, want %g m", l.Name, l.MetersPerDBU, out.MetersPerDBU)
		}
		for _, c := range l.Cells {
			if kept, ok := seen[c.Name]; ok {
				alias[c] = kept
				continue
			}
			seen[c.Name] = c
			out.Cells = append(out.Cells, c)
		}
	}
	for _, c := range out.Cells {
		for i := range c.Refs {
			if kept, ok := alias[c.Refs[i].Cell]; ok {
				c.Refs[i].Cell = kept
			}
		}
	}
	return out, nil
}

// Place adds a cell named name to lib that places every top cell of lib once,
// sorted by name, left to right in rows separated by opt.Gap, the origin of
// each placement chosen so that the cell's bounding box starts on the row.
// It returns the new cell.
func Place(lib *layout.Library, name string, opt Options) (*layout.Cell, error) {
	if err := lib.Validate(); err != nil {
		return nil, err
	}
	tops := lib.TopCells()
	sort.Slice(tops, func(i, j int) bool { return tops[i].Name < tops[j].Name })
	rowWidth := opt.RowWidth
	if rowWidth <= 0 {
		var area float64
		for _, c := range tops {
			b := lib.Bounds(c)
			area += float64(b.Width()+int64(opt.Gap)) * float64(b.Height()+int64(opt.Gap))
		}
		rowWidth = int64(math.Sqrt(area))
	}
	sheet := layout.NewCell(name)
	var x, y, rowHeight int64
	for _, c := range tops {
		b := lib.Bounds(c)
		if b.IsEmpty() {
			continue
		}
		if x > 0 && x+b.Width() > rowWidth {
			x = 0
			y += rowHeight + int64(opt.Gap)
			rowHeight = 0
		}
		ox, oy := x-int64(b.Min.X), y-int64(b.Min.Y)
		if ox < math.MinInt32 || ox > math.MaxInt32 || oy < math.MinInt32 || oy > math.MaxInt32 {
			return nil, fmt.Errorf("sheet: placement of %s overflows 32-bit coordinates", c.Name)
		}
		sheet.Refs = append(sheet.Refs, layout.Ref{Cell: c, Origin: layout.Point{X: int32(ox), Y: int32(oy)}, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1})
		x += b.Width() + int64(opt.Gap)
		if b.Height() > rowHeight {
			rowHeight = b.Height()
		}
	}
	lib.AddCell(sheet)
	return sheet, nil
}

// Array adds a cell named name that places cell as an nx x ny array whose
// pitch is the cell's bounding box plus gap, and returns it.
func Array(lib *layout.Library, cell *layout.Cell, name string, nx, ny int, gap int32) *layout.Cell {
	b := lib.Bounds(cell)
	top := layout.NewCell(name)
	top.Refs = append(top.Refs, layout.Ref{
		Cell: cell, Trans: layout.Strans{Mag: 1}, IsArray: true, Cols: nx, Rows: ny,
		Origin:  layout.Point{X: -b.Min.X, Y: -b.Min.Y},
		ColStep: layout.Point{X: int32(b.Width()) + gap},
		RowStep: layout.Point{Y: int32(b.Height()) + gap},
	})
	lib.AddCell(top)
	return top
}

// FlatLibrary returns a new library with the same units holding one cell:
// top flattened.
func FlatLibrary(lib *layout.Library, top *layout.Cell, name string) *layout.Library {
	out := layout.NewLibrary(lib.Name)
	out.UserUnit, out.MetersPerDBU = lib.UserUnit, lib.MetersPerDBU
	out.AddCell(lib.Flatten(top, name))
	return out
}

// Hierarchy returns a new library holding top and every cell below it, in
// bottom-up order.
func Hierarchy(lib *layout.Library, top *layout.Cell) (*layout.Library, error) {
	order, err := lib.BottomUp()
	if err != nil {
		return nil, err
	}
	need := map[*layout.Cell]bool{top: true}
	for i := len(order) - 1; i >= 0; i-- {
		c := order[i]
		if need[c] {
			for _, r := range c.Refs {
				need[r.Cell] = true
			}
		}
	}
	out := layout.NewLibrary(lib.Name)
	out.UserUnit, out.MetersPerDBU = lib.UserUnit, lib.MetersPerDBU
	for _, c := range order {
		if need[c] {
			out.Cells = append(out.Cells, c)
		}
	}
	return out, nil
}

// FromFiles reads GDS files (cell libraries with one database unit), joins
// them with Merge and places every top cell on a sheet cell named name with
// Place. It returns the library and the sheet cell.
func FromFiles(name string, files []string, opt Options) (*layout.Library, *layout.Cell, error) {
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("sheet: no input file")
	}
	libs := make([]*layout.Library, 0, len(files))
	for _, f := range files {
		l, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			return nil, nil, err
		}
		libs = append(libs, l)
	}
	lib, err := Merge(name, libs...)
	if err != nil {
		return nil, nil, err
	}
	top, err := Place(lib, name, opt)
	if err != nil {
		return nil, nil, err
	}
	return lib, top, nil
}
