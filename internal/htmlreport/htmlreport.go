// Package htmlreport writes the static HTML page of a batch migration: a
// summary table of the cells (sortable in the browser) and, per cell, the
// source and migrated pictures side by side (drawn with package render,
// the target check's violations marked on the migrated one) with the
// violations listed by rule. The page is one index.html with the pictures as
// PNG files in img/ beside it; it needs no server and no network.
//
// The package only reads layouts and reports; the batch run owns them.
package htmlreport

import (
	"context"
	"time"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/rules"
)

// Cell is one migrated cell of the page.
type Cell struct {
	// Name is the cell's name (the cell drawn from both files); Status its
	// result ("clean", "violations", "error", ...).
	Name, Status string
	// Violations is the number of violations left in the migrated cell.
	Violations int
	// Fixes counts the fixes applied, by kind.
	Fixes map[string]int
	// AreaRatio is the migrated cell's area over the source's; Seconds the
	// time the cell took.
	AreaRatio float64
	Seconds   float64
	// SourceGDS and MigratedGDS are the files to draw the cell from (empty:
	// no picture).
	SourceGDS, MigratedGDS string
	// SourceTech and TargetTech give the layer colours (nil: the layers
	// are drawn in palette colours).
	SourceTech, TargetTech *rules.Tech
	// Report is the target check of this cell; its violations are marked
	// on the migrated picture and listed by rule. May be nil.
	Report *drc.Report
	// Error, when set, is shown for the cell (a cell that failed to
	// migrate).
	Error string
}

// Page is the whole report.
type Page struct {
	// Title heads the page; Recipe names the migration recipe.
	Title  string
	Recipe string
	Cells  []Cell
	// Generated is the time the page was made (shown as written; the zero
	// time is left out).
	Generated time.Time
}

// PictureSize is the longer side of the larger picture of a cell in
// pixels; the other is drawn at the same scale.
const PictureSize = 640

// Write writes dir/index.html and the pictures dir/img/*.png, creating dir
// as needed. A picture that cannot be drawn (unreadable file, missing cell)
// is shown on the page as a message in its place; Write fails only when the
// page or a picture file cannot be written, or ctx is cancelled. Each file
// is written atomically.
func Write(ctx context.Context, dir string, p Page) error {
	return write(ctx, dir, p)
}
