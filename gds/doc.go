// Package gds reads and writes GDSII stream files (the Calma GDSII Stream
// Format, release 6/7) into and from the layout model.
//
// The reader takes any io.Reader, streams it in bounded blocks and decodes
// the elements of those blocks on all cores, then joins them in file order,
// so the result does not depend on the number of workers. Every malformed
// byte sequence is reported as a *FormatError that names the file, the byte
// offset, the record and the cell; the reader never panics and never
// allocates more than a small multiple of the input it has read.
//
// The writer is deterministic: the same library gives the same bytes. Cells
// are written in library order, each layer's elements in ascending
// (layer, datatype) order, references last. Polygons with more than 8190
// distinct vertices (GDSII's 8191-point XY record limit including the closing
// point) are written as one BOUNDARY with several consecutive XY records,
// the multi-XY extension that KLayout and Calma-derived readers accept; the
// polygon reads back unchanged.
//
// Package gds owns bytes only: it knows nothing of technologies or
// geometry algorithms.
package gds
