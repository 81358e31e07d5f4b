// Package rules owns the technology model of layoutmig: a technology's units,
// layers, derived layers, connectivity and rule deck, the YAML file format
// they are written in, and the export of a deck as a KLayout DRC script. It
// knows nothing of layouts or geometry algorithms: the checker (package drc)
// and the migration engine read a *Tech and do the work.
//
// # File format
//
// A technology file is YAML (see ../techfiles for real ones):
//
//	name: sky130                      # required
//	description: SkyWater 130 nm ...
//	sources: [google/skywater-pdk docs/rules/periphery]
//	dbu: 0.001                        # µm; every value is a whole number of these
//	grid: 0.005                       # manufacturing grid, µm
//	layers:                           # drawn layers: name -> GDS layer/datatype
//	  diff: {gds: 65/20, pin: 65/16, label: 65/6, color: "#00cc66", fill: hatch}
//	  tap: 65/44                      # shorthand for {gds: 65/44}
//	derived:                          # name -> expression (or {expr, description, color, fill})
//	  gate: poly and diff
//	connectivity:                     # cut joins each lower layer to each upper layer
//	  - {cut: licon, lower: [diff, tap, poly], upper: li1}
//	rules:
//	  - id: m1.4                      # the foundry's rule id; the report category
//	    description: Min enclosure of mcon by met1
//	    check: enclosure
//	    inner: mcon
//	    outer: met1
//	    value: 0.03                   # µm (µm² for area)
//	    metric: euclidian             # default; or projection, square
//	    source: "[DOC] p038"          # where the value was read (optional)
//
// The fields of a rule depend on its check: width, space, notch: layer,
// value, metric; separation, overlap: layer, other, value, metric;
// enclosure: inner, outer, value, metric, adjacent_sides, uncovered; extension: layer,
// past, value, metric; area, exact_size: layer, value; grid: layer, value
// (optional: the grid); angle: layer, orthogonal; density: layer, min, max
// (percent), window, step (µm).
//
// Unknown fields, unknown check kinds, unknown layers, a negative value, a
// value that is not a whole number of database units, a YAML type error and
// a cycle between derived layers are errors that name the file, the line and
// the field ("sky130.yaml:42: rules[7] (m1.2).value: must be >= 0"). Every
// rule in a file is checked: there is no way to write a rule that is
// silently skipped.
//
// # Layers and derived layers
//
// Each drawn layer is read from its drawing (layer, datatype) and merged
// (KLayout: polygons(l, d).merged): overlapping and touching shapes become
// one polygon, holes are kept, shapes touching at a corner only are one
// polygon. Pin and label purposes are recorded for migration and pictures;
// the checks do not read them.
//
// Derived layers are expressions (grammar in expr.go) whose values are merged
// regions, in KLayout terms:
//
//	a and b               a & b        area common to both
//	a or b                (a | b).merged
//	a not b               a - b        area of a outside b
//	a xor b               (a ^ b).merged
//	sized(a, d)           a.sized(d).merged  each polygon grown (d > 0) or shrunk by d µm,
//	                                   KLayout's default mode 2 (square limit at corners)
//	interacting(a, b)     a.interacting(b)      polygons of a that overlap or touch b (an edge
//	                                   or a corner is enough)
//	not_interacting(a, b) a.not_interacting(b)  the others
//	overlapping(a, b)     a.overlapping(b)      polygons of a sharing area with b
//	not_overlapping(a, b) a.not_overlapping(b)
//	inside(a, b)          a.inside(b)           polygons of a wholly inside b (touching b's
//	                                   boundary from inside allowed)
//	not_inside(a, b)      a.not_inside(b)
//	outside(a, b)         a.outside(b)          polygons of a sharing no area with b
//	                                   (touching allowed)
//	not_outside(a, b)     a.not_outside(b)
//
// The selecting functions return whole (merged) polygons of a, never parts.
//
// # Check semantics
//
// Every check runs on merged layers, flat, in the layout's database units
// (values are converted by rounding to the nearest unit). "Edge pairs" are
// exactly those of the named KLayout 0.28 call with its defaults (angle
// limit 90°, shielded, no projection limits, whole_edges off); the measured
// details are in ../../shared/KLAYOUT_SEMANTICS.md. Metric m is euclidian
// unless the rule says projection or square. L is the rule's layer, O its
// other layer. The exporter writes exactly these calls.
//
//	width       L < v        L.width(v, m)          edge pairs inside one polygon
//	space       L < v        L.space(v, m)          edge pairs outside, same or different polygons
//	notch       L < v        L.notch(v, m)          the same-polygon part of space
//	separation  L, O < v     L.separation(O, v, m)  L edges facing O edges outside both
//	                                                (first edge L, second O)
//	enclosure   inner L in outer O < v:
//	                         O.enclosing(L, v, m)   edge pairs (O edge, L edge), only if v > 0
//	                         plus L - O             polygons: the part of L not covered by O
//	                                                (an enclosure of 0 only asks for coverage);
//	                                                uncovered: false drops L - O, for decks that
//	                                                report coverage under an id of its own
//	  with adjacent_sides: true ("enclosure on one of two adjacent sides"): for every
//	  corner of an inner polygon at least one of the two sides meeting there must be
//	  enclosed by >= v. Measured with the projection metric:
//	    L.interacting(O.enclosing(L, v, projection).second_edges
//	                   .width(angle_limit(100.0), 1.dbu).polygons(1.dbu))
//	  i.e. the L edge parts enclosed by less than v are collected; where two such
//	  parts meet at a corner (within one database unit, at an angle below 100°) the
//	  whole L polygon is reported once, as a polygon. A line over a cut with both
//	  line ends enclosing it by v is clean however narrow the line; an L-shaped
//	  shortfall (two adjacent short sides) is a violation. The uncovered part is
//	  not reported by this variant (the plain enclosure rule of the same cut does).
//	  For a rectangular cut this is the same as "enclosed by >= v on both sides of
//	  at least one opposite pair", so it also encodes the "two opposite sides" and
//	  "endcap" enclosures of other manuals.
//	extension   L past O < v   L.enclosing(O, v, m)   edge pairs (L edge, O edge): for every part
//	                                                of an O edge inside L, L must extend beyond it
//	                                                by v; used for the poly end-cap past diff
//	                                                (L poly, O diff) and diff past the gate
//	                                                (L diff, O poly). A flush end (0 extension) is
//	                                                a violation; O not covered by L is not.
//	overlap     L, O < v     L.overlap(O, v, m)     edge pairs inside both (first L, second O)
//	area        L < v µm²    L.with_area(nil, v)    merged polygons of area < v (holes subtracted)
//	density     L            L.without_density(min/100, max/100, tile_size(w), tile_step(s),
//	                           tile_origin(x0, y0), tile_count(nx, ny))
//	                         windows w x w (µm) whose covered fraction is below min % or above
//	                         max % (min <= density <= max is clean; an absent limit is nil).
//	                         KLayout's tiles are s x s squares on a lattice anchored at the
//	                         origin: x0 = floor(left/s)*s, nx = max(1, ceil((right-x0-w)/s)+1)
//	                         over the bounding box of the checked top cell (all layers), in
//	                         database units; the same for y. Each window is its tile grown by
//	                         (w-s)/2 on every side (window i spans x0+i*s-(w-s)/2 ..
//	                         x0+i*s+(w+s)/2). Windows are polygons.
//	grid        L            L.ongrid(g)            each vertex of a merged polygon off the
//	                                                grid g (the rule's value, default the
//	                                                technology grid), one degenerate edge pair
//	                                                per vertex
//	angle       L            L.edges.without_angle(0).without_angle(90)
//	                           .without_angle(45).without_angle(-45)
//	                                                edges of merged polygons not at a multiple of 45°;
//	                                                with orthogonal: true, L.edges.without_angle(0)
//	                                                .without_angle(90): edges not at 0 or 90°
//	exact_size  L = v        L.non_squares + L.squares.without_bbox_width(v)
//	                                                merged polygons that are not squares of edge v
//	                                                (abutting cuts merge into one non-square)
//
// Violations are counted as KLayout counts the items: one per edge pair,
// polygon or edge, identical items once.
package rules
