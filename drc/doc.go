// Package drc is layoutmig's design-rule checker: the deck runner (Run),
// its reports (Report: JSON, KLayout marker database, text summary, baseline
// comparison) and the measuring core under it, the exact edge-pair test and
// the checks built on it (width, space, notch, isolated, separation,
// enclosing, enclosed, overlap) plus the polygon checks (area, off-grid
// vertices, angle, exact size, density). Results equal KLayout 0.28.5's DRC
// one for one, marker for marker, on merged input;
// ../shared/KLAYOUT_SEMANTICS.md records those semantics and the tests hold
// this package to them.
//
// # Running a deck
//
// Run checks a layout against a technology's rule deck (package rules)
// exactly as KLayout runs the deck rules.ExportKLayout writes, flat (see
// Hierarchy for how it saves work on hierarchical layouts): the
// drawn layers are read from the top cell and everything under it and
// merged, derived layers are computed with the geometry kernel
// (layout/region), and every rule becomes the KLayout call the rules package
// documents. A rule the checker cannot run is an error, never skipped. The
// deck cross-check test runs the four embedded technologies and a test
// technology with every check kind on real cell libraries, as drawn, shrunk
// and rotated, beside KLayout, and compares every marker.
//
// # Hierarchy
//
// Run is hierarchical where that pays, as KLayout's deep mode is, and its
// report is the flat report all the same. The separation of a run is the
// farthest the selected rules see: the largest rule distance plus twice
// every sizing of the derived layers they read, plus two units. A
// placement is isolated when nothing else of the layout (other
// placements' boxes, the shapes of the cells around it) comes within the
// separation of its box; then its violations are those of its cell checked
// alone, moved. The walk goes down from the top cell level by level,
// opening what is not isolated. Each distinct cell and orientation among
// the isolated placements (a variant; displacements that differ by a
// multiple of the off-grid checks' grids are the same) is checked once:
// the loose geometry and one copy of every variant, in a slot of its own
// beside it, make one layout that the flat machinery checks, and each
// violation in a slot is copied to every placement of its variant. Only
// placements with whole-unit displacement, no magnification, rotations by
// multiples of 90 degrees and paths whose outlines move exactly with them
// are isolated; density rules, which are not local, run flat.
// Options.Flat turns this off. See hier.go.
//
// Work is spread over the cores at two levels: rules run in parallel, and
// an edge-pair check on a large layer is cut into square tiles of polygons.
// A tile's job holds its own polygons and those within the rule's distance
// of them (the halo) and reports only the pairs that involve its own
// polygons; pairs between tiles are found twice and de-duplicated. The
// report does not depend on the number of threads or the tile size.
//
// What KLayout does that one might not expect, and this package does too:
// width and notch report two pairs of edges with the same violating parts
// twice (KLayout's single-polygon checks write every pair; its other checks
// collect sets); the grid check reports a vertex twice where a polygon
// touches itself there; the angle check and the adjacent-sides enclosure
// work on merged edge collections, in which nearly collinear edges (within
// about a database unit) are joined, once per filter step.
//
// Inputs of the measuring functions are merged polygons of one layer
// (Polygon: hull clockwise, holes anticlockwise, so the inside lies on the
// right of every edge, as in KLayout). They do not merge: the geometry kernel
// does.
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
