// Package render draws one cell of a layout as a picture: a PNG raster or an
// SVG vector drawing, flat, with each layer in its technology's colour and
// fill pattern (or those of a KLayout .lyp layer properties file), stacked
// as a CAD engineer expects (wells and implants at the bottom, then
// diffusion, poly, the metals upward, the cuts on top and the cell outline
// as a frame), with the violation markers of a DRC report and a scale bar
// in µm.
//
// A picture is built in two steps. New flattens the cell and merges each
// layer into polygons with holes (package layout/region) and fixes the view:
// the cell's bounding box mapped onto an image of a given size, y upward.
// WritePNG rasterises it (golang.org/x/image/vector, non-zero winding, so
// holes, which run opposite to their hulls, stay open) with real pattern
// masks; WriteSVG writes the same scene as text with <pattern> fills.
// WriteFile picks the format from the extension and writes atomically.
//
// The package reads layouts, technologies and reports; it never changes
// them and knows nothing of migration or checking.
package render
