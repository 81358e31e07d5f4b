# Dumps what KLayout reads from GDS files: cells, top cells and, per
# layer/datatype, the number of shapes of each KLayout kind summed over all
# cells (each cell's own shapes; instances are not expanded).
#
# Used by TestInfoMatchesKLayout (gds/klayout_test.go). Run as
#   klayout -b -r info.rb -rd list=FILES
# where FILES holds one file per line: "label<TAB>path". The GDS reader runs
# with KLayout's default options. For each file it prints one JSON line:
#   {"label":..., "cells":[...], "top_cells":[...],
#    "layers":[{"layer":L, "datatype":D, "polygons":n, "boxes":n, "paths":n,
#               "texts":n, "other":n}, ...]}
# or {"label":..., "error":"..."} when KLayout cannot read the file. Layers
# without shapes are left out.

require 'json'

KINDS = {
  'polygons' => RBA::Shapes::SPolygons,
  'boxes' => RBA::Shapes::SBoxes,
  'paths' => RBA::Shapes::SPaths,
  'texts' => RBA::Shapes::STexts
}.freeze

def count(shapes, flags)
  n = 0
  shapes.each(flags) { n += 1 }
  n
end

File.readlines($list, chomp: true).each do |line|
  next if line.strip.empty?
  label, path = line.split("\t")
  begin
    ly = RBA::Layout.new
    ly.read(path)
    cells = []
    ly.each_cell { |c| cells << c.name }
    layers = []
    ly.layer_indexes.each do |li|
      info = ly.get_info(li)
      row = { 'layer' => info.layer, 'datatype' => info.datatype }
      KINDS.each_key { |k| row[k] = 0 }
      all = 0
      ly.each_cell do |c|
        sh = c.shapes(li)
        next if sh.is_empty?
        KINDS.each { |k, f| row[k] += count(sh, f) }
        all += sh.size
      end
      row['other'] = all - KINDS.keys.sum { |k| row[k] }
      layers << row if all > 0
    end
    puts JSON.generate({ 'label' => label, 'cells' => cells.sort,
                         'top_cells' => ly.top_cells.map(&:name).sort, 'layers' => layers })
  rescue StandardError => e
    puts JSON.generate({ 'label' => label, 'error' => e.to_s })
  end
  $stdout.flush
end
