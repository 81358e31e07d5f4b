package rules

import (
	"fmt"
	"math"
)

// GDSLayer is a GDSII layer number and datatype.
type GDSLayer struct {
	Layer    uint16
	Datatype uint16
}

func (g GDSLayer) String() string { return fmt.Sprintf("%d/%d", g.Layer, g.Datatype) }

// Tech is one technology: its units, layers, derived layers, connectivity and
// rule deck, as read from a technology YAML file.
type Tech struct {
	// Name is the short name the technology is known by ("sky130").
	Name string
	// Description says what the process is and which rule column applies.
	Description string
	// Sources names the public documents the layer table and rule values
	// were read from.
	Sources []string
	// DBU is the database unit the rule values are resolved in, in µm.
	// Every distance is a whole multiple of it and every area a whole
	// multiple of its square.
	DBU float64
	// Grid is the manufacturing grid in µm; the grid check uses it unless
	// a rule gives its own.
	Grid float64

	// Layers are the drawn layers in file order.
	Layers []*Layer
	// Derived are the derived layers in file order. Each may use drawn
	// layers and other derived layers (no cycles); DerivedOrder gives an
	// order in which they can be computed.
	Derived []*Derived
	// Connections say which cut joins which conductors.
	Connections []*Connection
	// Rules is the rule deck in file order.
	Rules []*Rule

	// File is the name the technology was loaded from (for messages).
	File string

	layerByName   map[string]*Layer
	derivedByName map[string]*Derived
	ruleByID      map[string]*Rule
	order         []*Derived
}

// Layer is a drawn layer: a name and its GDS layer/datatype pairs.
type Layer struct {
	Name        string
	Description string
	// Drawing is the (layer, datatype) the geometry is drawn on; the
	// checks read it.
	Drawing GDSLayer
	// Pin and Label are the optional pin and label (text) purposes.
	Pin   *GDSLayer
	Label *GDSLayer
	// Display properties for pictures: Color "#rrggbb", Fill a pattern
	// name (see FillPatterns).
	Color string
	Fill  string
	// Line is the line of the layer's entry in the file.
	Line int
}

// Derived is a layer computed from others by an expression.
type Derived struct {
	Name        string
	Description string
	// Source is the expression as written; Expr its syntax tree.
	Source string
	Expr   Expr
	Color  string
	Fill   string
	Line   int
}

// Connection says that shapes of Cut join the overlapping shapes of each
// Lower layer with the overlapping shapes of each Upper layer (KLayout's
// connect(cut, lower) and connect(cut, upper)).
type Connection struct {
	Cut   string
	Lower []string
	Upper []string
	Line  int
}

// Rule is one rule of the deck. Which fields apply depends on Check; see
// the package documentation for the exact semantics of each kind.
type Rule struct {
	// ID is the foundry's rule name ("m1.2"); it is the report category.
	ID string
	// Description is the rule's text as in the foundry manual.
	Description string
	Check       CheckKind
	// Layer is the layer checked: the inner layer of an enclosure, the
	// layer that protrudes in an extension, the first layer of a
	// separation or overlap.
	Layer string
	// Other is the second layer: the outer (enclosing) layer of an
	// enclosure, the layer protruded past in an extension, the second
	// layer of a separation or overlap. Empty for one-layer checks.
	Other string
	// Value is the limit: µm for distances, µm² for area, the edge length
	// of the square for exact_size, the grid pitch for grid (0: the
	// technology grid). Unused for angle and density.
	Value float64
	// Metric is the distance metric of edge-pair checks.
	Metric Metric
	// AdjacentSides selects the "one of two adjacent sides" enclosure:
	// see the package documentation.
	AdjacentSides bool
	// EnclosingOnly drops the uncovered part of an enclosure (YAML
	// "uncovered: false"): for decks that report coverage under a rule id
	// of its own.
	EnclosingOnly bool
	// Orthogonal makes an angle check accept only 0 and 90 degree edges
	// (no 45 degree edges).
	Orthogonal bool
	// Density limits in percent (MinDensity <= density <= MaxDensity is
	// clean; a nil limit is absent), the square window edge and the step
	// of the window lattice, in µm.
	MinDensity, MaxDensity *float64
	Window, Step           float64
	// Source names the document the value was read from.
	Source string
	Line   int
}

// Layer returns the drawn layer of that name, or nil.
func (t *Tech) Layer(name string) *Layer { return t.layerByName[name] }

// DerivedLayer returns the derived layer of that name, or nil.
func (t *Tech) DerivedLayer(name string) *Derived { return t.derivedByName[name] }

// Rule returns the rule with that id, or nil.
func (t *Tech) Rule(id string) *Rule { return t.ruleByID[id] }

// HasLayer says whether name is a drawn or derived layer.
func (t *Tech) HasLayer(name string) bool {
	return t.layerByName[name] != nil || t.derivedByName[name] != nil
}

// DerivedOrder returns the derived layers in an order in which each comes
// after every derived layer it uses.
func (t *Tech) DerivedOrder() []*Derived { return t.order }

// GridOf returns the grid pitch a grid rule checks, in µm: the rule's value
// or the technology grid.
func (t *Tech) GridOf(r *Rule) float64 {
	if r.Value > 0 {
		return r.Value
	}
	return t.Grid
}

// ToDBU converts a distance in µm to whole database units of the given size
// (µm per unit), rounding to the nearest.
func ToDBU(um, dbu float64) int64 { return int64(math.Round(um / dbu)) }

// AreaToDBU converts an area in µm² to whole square database units.
func AreaToDBU(um2, dbu float64) int64 { return int64(math.Round(um2 / (dbu * dbu))) }

// Layers returns the layers a rule reads (one or two names).
func (r *Rule) Layers() []string {
	if r.Other == "" {
		return []string{r.Layer}
	}
	return []string{r.Layer, r.Other}
}

// FillPatterns are the fill pattern names a layer may give for pictures.
var FillPatterns = []string{"solid", "hollow", "hatch", "backhatch", "cross", "dots", "grid", "horizontal", "vertical"}
