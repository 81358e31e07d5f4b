# Dumps every shape KLayout reads from one GDS file, with all its points.
#
# Used by TestLargePolygonKLayout (gds/klayout_test.go), which writes a
# polygon of more than 8191 vertices (several XY records in one BOUNDARY).
# Run as
#   klayout -b -r polygon.rb -rd file=PATH
# It prints one JSON line per shape:
#   {"cell":..., "layer":L, "datatype":D, "kind":"polygon"|"box"|...,
#    "hull":[[x,y],...], "holes":n}
# or a single {"error":"..."} line when KLayout cannot read the file.

require 'json'

def kind(sh)
  return 'box' if sh.is_box?
  return 'polygon' if sh.is_polygon?
  return 'path' if sh.is_path?
  return 'text' if sh.is_text?
  'other'
end

begin
  ly = RBA::Layout.new
  ly.read($file)
  ly.each_cell do |c|
    ly.layer_indexes.each do |li|
      info = ly.get_info(li)
      c.shapes(li).each do |sh|
        row = { 'cell' => c.name, 'layer' => info.layer, 'datatype' => info.datatype, 'kind' => kind(sh) }
        if sh.is_polygon? || sh.is_box?
          poly = sh.polygon
          row['hull'] = poly.each_point_hull.map { |p| [p.x, p.y] }
          row['holes'] = poly.holes
        end
        puts JSON.generate(row)
      end
    end
  end
rescue StandardError => e
  puts JSON.generate({ 'error' => e.to_s })
end
