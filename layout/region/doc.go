// Package region is layoutmig's geometry kernel: exact integer region
// algebra on polygons with holes, built to give the same results as
// KLayout 0.28's Region (flat mode) to the database unit.
//
// A Region is a set of polygons of one layer in integer database units,
// held in flat arenas (one vertex slice, ring ends, polygon ends; see
// Region). It is built from a cell's shapes (FromCell, FromFlat): boundaries
// and BOX elements as given, paths converted to polygons exactly as KLayout
// converts them (layout.Path.Outline: flush, extended and custom ends, round
// ends as 2×16-point ellipse arcs, joints, negative widths). Operations
// never modify their operands:
//
//	Merged, MergedMinCoverage          union (KLayout's merged)
//	And, Or, Not, Xor, Boolean         booleans; Boolean takes any Inside predicate
//	Sized, SizedXY                     grow and shrink, isotropic and per axis, 5 corner modes
//	Interacting, Inside, Outside, ...  selection of whole polygons
//	Area, Perimeter, BBox, Edges       measures
//	ResolvedHoles, AppendTo            holes joined by cut lines, output as GDSII boundaries
//
// The package owns geometry only: it knows nothing of files, technologies or
// rules, and never changes the layout model it reads.
//
// # Algorithm
//
// Every boolean, the merge, the per-polygon merge of sizing and the area
// tests of the selections run through one scanline edge processor with a
// pluggable operator, an Inside predicate on two winding numbers (how many
// polygons of operand A and of operand B cover a point; each input polygon
// counts once where its own winding number is non-zero, KLayout's rule).
//
//  1. Clusters. The polygons' bounding boxes are hashed into a grid and
//     united (union-find) where they overlap or touch. Polygons of different
//     clusters cannot affect each other's result, so each cluster is
//     processed alone, and clusters are spread over all cores in chunks of
//     similar size; outputs are joined in cluster order, so results do not
//     depend on the number of cores. A lone rectangle is its own result.
//  2. Snapping (clusters with a non-Manhattan edge only; see below).
//  3. Scanline. Only non-horizontal edges enter; each carries +1 or -1 for
//     its operand (+1 where the inside is on its right). At every y where
//     edges start or end, the edges below and above the line are walked
//     from left to right, summing the winding numbers on both sides; where
//     the predicate's value changes across an edge a boundary piece starts
//     or ends, and where it differs below and above the line a horizontal
//     piece is emitted. Parts of the line where the windings are equal on
//     both sides and no edge starts or ends are skipped without evaluating
//     the predicate. Manhattan clusters use a specialised walk with integer
//     positions; others compare positions exactly as fractions (128-bit).
//  4. Contours. Pieces meeting at a vertex are linked as they are emitted:
//     where several contours touch in one point, an arriving piece continues
//     with the leaving piece next to it clockwise. This joins hulls touching
//     at a corner into one polygon and keeps a hole touching its hull a
//     separate hole, as KLayout does with min_coherence=false. Rings are
//     traced, freed of repeated and collinear points, and each
//     counter-clockwise ring (a hole) is given to the smallest hull around
//     it.
//
// Results are merged: clockwise hulls, counter-clockwise holes, no
// self-intersections, no zero-area parts, no spikes, no repeated or
// collinear points.
//
// # Snapping rule
//
// Intersections of edges that are not Manhattan are rarely on the grid.
// They are rounded as KLayout's edge processor rounds them, so that results
// XOR-compare empty with KLayout's:
//
//   - The intersection of two crossing edges (sharing no end point) is
//     p1 + d·t of the edge that is lesser (points ordered by y, then x),
//     each coordinate rounded to the nearest integer with ties towards
//     minus infinity.
//   - Every non-horizontal edge passing through the unit pixel centred on
//     such a point (the open square; on its border KLayout's tie rule) is
//     cut there, i.e. bent through the grid point. A cut off the edge's
//     line makes the edge "strong"; an end point exactly on another edge
//     cuts it (strong); collinear overlapping edges cut each other at their
//     end points.
//   - An end point inside the pixel of another edge, but not on it, is an
//     attractor: it cuts all edges near it as soon as one of them is strong
//     (a closure over all such groups).
//   - Edges are split at their cuts, sorted along the edge; a one-pixel
//     "z" (step and step back) is straightened.
//
// Horizontal edges take part in finding intersections but not in the
// scanline. Coordinates must lie within ±2^30 (MaxCoord) for the exact
// arithmetic of non-Manhattan data; Manhattan data may use the full int32
// range.
//
// # Sizing
//
// SizedXY follows KLayout's Region#sized: the region is merged, then each
// polygon's contours (holes included) are moved along their edge normals
// (45-degree edges by a multiple of √2, so they stay on the grid), convex
// corners limited by the mode's extension (SizeSquareLimit, the default,
// extends each moved edge by at most the sizing distance), concave corners
// closed by three-point loops through the original vertex; the contour is
// compressed as KLayout stores it and merged with itself (positive winding
// numbers). Results of different polygons are not merged with each other,
// as in KLayout; a region that is a single rectangle just becomes the
// enlarged rectangle.
//
// # Cost
//
// For n edges in total: clustering O(n log n) (radix sort of grid keys,
// near-linear union-find). For a Manhattan cluster of m edges with k
// crossings: O((m+k) log m). Small clusters walk sorted scanline lists
// (skipping unchanged stretches with a few additions per edge); from 4096
// edges on, the scanline state is kept per x in Fenwick trees, so a
// scanline visits only the x where edges start or end and the crossings
// with horizontal boundaries, each in O(log m), however many edges it
// crosses (sweep90tree.go; both walks give identical output). Clusters with
// non-Manhattan edges are snapped in O(m log m + p) for p pairs of edges
// with touching bounding boxes and swept with the list walk, O(w) per
// scanline for a scanline of w edges (as KLayout's own processor). Memory is
// flat: edges, scanline state and output pieces live in slices reused
// between the clusters a core processes; the hot loops allocate nothing per
// edge.
//
// # Benchmarks
//
// go test -bench . runs merge, booleans and sizing on the sky130_fd_sc_hd
// library placed on one sheet and arrayed 4 x 4 (LAYOUTMIG_BENCH_N sets
// the array size), e.g. on two cores: merge li1 66 ms (76,848 polygons),
// poly 38 ms, licon 45 ms (289,248 boxes); poly not diff 74 ms; met1
// sized +50 8 ms. On the 5.6 M-shape flat sheet of the codec benchmark
// (N = 10), two cores, medians including building the regions from the
// cell: merging li1, met1, poly and diff 1.65 s for 1,030,600 merged
// polygons, as many as KLayout 0.28 finds (KLayout: 9.6 s); li1 and met1
// 1.0 s (5.8 s); poly not diff 0.8 s (6.0 s); met1 sized +0.05 µm 0.12 s
// (0.9 s); peak memory 0.9 GB with the 415 MB file read (KLayout's script:
// 1.12 GB). Building the four regions takes 0.25 s of that.
package region
