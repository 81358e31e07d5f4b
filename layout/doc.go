// Package layout is the hierarchical layout model of layoutmig: a library of
// cells, each holding its shapes per (layer, datatype), its texts and its
// references to other cells, in integer database units.
//
// The model is plain data. It owns hierarchy bookkeeping (top cells,
// topological order, cycle detection), bounding boxes and flattening with
// arbitrary transforms. It knows nothing of file formats (package gds reads
// and writes GDSII into this model) nor of geometry algorithms beyond
// transforms and bounding boxes.
//
// Shapes of one layer are kept in compact arenas (see PolygonSet) so that a
// flat layout of millions of shapes costs little more memory than its
// coordinates. Arrays of references stay arrays.
package layout
