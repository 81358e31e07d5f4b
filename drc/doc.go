// Package drc is the measuring core of layoutmig's design-rule checker: the
// exact edge-pair test and the checks built on it (width, space, notch,
// isolated, separation, enclosing, enclosed, overlap) plus the polygon checks
// (area, off-grid vertices, angle, exact size). Results equal KLayout 0.28.5's
// DRC one for one, pair for pair, on merged input; ../shared/KLAYOUT_SEMANTICS.md
// records those semantics and the tests hold this package to them.
//
// Inputs are merged polygons of one layer (Polygon: hull clockwise, holes
// anticlockwise, so the inside lies on the right of every edge, as in
// KLayout). The package does not merge: the geometry kernel does, and the
// rule deck, the reports and the CLI live elsewhere.
//
// # Algorithm and cost
//
// A check flattens its polygons into one edge array and finds candidate
// pairs with KLayout's box-scanner criterion: edge bounding boxes closer
// than d in x and in y. Small groups (a polygon of up to 48 edges) compare
// all pairs. Larger ones index the edge boxes by direction class (up, down,
// left, right, other): under the default angle limit an up edge can only
// pair with down edges and with the other class, so each edge searches only
// the classes it can pair with, and each pair is found from one side only.
// The index is a uniform grid with counting-sort buckets (cell size from
// the typical edge extent), or a static packed Hilbert R-tree (index.go)
// where the density is too uneven for a grid; both are built in O(n log n)
// as a few flat arrays and answer a query in O(1 + k) on layout data.
// (github.com/tidwall/rtree was measured too: 20 to 50 times slower on edge
// boxes, which are thin and clustered.) Each candidate goes through the
// exact edge-pair test (CheckEdges); a violation is then dropped if
// shielded: some other edge near one of its two edges crosses both
// connecting segments of the pair. The edge pairs are finally normalised,
// sorted and de-duplicated. With n edges and k candidate pairs a check
// costs O(n log n + k) time and O(n) memory besides its result; the loops
// allocate nothing per edge.
//
// KLayout's shielding test is not symmetric in the two edges of a pair in
// rare ties; scanorder.go reproduces the order in which KLayout's box
// scanner passes the edges, for those ties only.
//
// # Rounding
//
// The test works in integer database units and rounds exactly as KLayout:
// points on an edge are p1 + round(t·(p2−p1)) with halves away from zero,
// parallel edges compare the rounded integer perpendicular distance, and
// intersection points use KLayout's exact integer division. Floating-point
// expressions keep KLayout's operation order (and explicit conversions keep
// the Go compiler from fusing them), so borderline cases round the same way.
// Coordinates are assumed to stay within ±2^30 database units, where every
// integer cross product is exact.
package drc
