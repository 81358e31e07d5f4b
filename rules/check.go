package rules

// CheckKind is the kind of a rule's check. The set is closed: a technology
// file naming any other kind is rejected when it is loaded.
type CheckKind string

// The supported check kinds; the package documentation gives their exact
// semantics in KLayout terms.
const (
	Width      CheckKind = "width"
	Space      CheckKind = "space"
	Notch      CheckKind = "notch"
	Separation CheckKind = "separation"
	Enclosure  CheckKind = "enclosure"
	Extension  CheckKind = "extension"
	Overlap    CheckKind = "overlap"
	Area       CheckKind = "area"
	Density    CheckKind = "density"
	Grid       CheckKind = "grid"
	Angle      CheckKind = "angle"
	ExactSize  CheckKind = "exact_size"
)

// CheckKinds lists every supported kind in documentation order.
var CheckKinds = []CheckKind{Width, Space, Notch, Separation, Enclosure, Extension, Overlap, Area, Density, Grid, Angle, ExactSize}

// EdgePairs says whether the check's violations are edge pairs (as opposed
// to polygons or edges). Enclosure also reports polygons: the part of the
// inner layer outside the outer one.
func (k CheckKind) EdgePairs() bool {
	switch k {
	case Width, Space, Notch, Separation, Enclosure, Extension, Overlap:
		return true
	}
	return false
}

// TwoLayers says whether the check relates two layers.
func (k CheckKind) TwoLayers() bool {
	switch k {
	case Separation, Enclosure, Extension, Overlap:
		return true
	}
	return false
}

// Metric is the distance metric of an edge-pair check (KLayout's
// euclidian, projection and square).
type Metric string

// The metrics. Euclidian is the default and is spelt as KLayout spells it;
// the loader also accepts "euclidean".
const (
	Euclidian  Metric = "euclidian"
	Projection Metric = "projection"
	Square     Metric = "square"
)
