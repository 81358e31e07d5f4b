# Runs KLayout 0.28.5's edge-pair checks for layoutmig's drc cross-check
# test (drc/klayout_test.go). One run serves every case.
#
# $gds:  a layout with one cell per case; layer 1/0 is A, layer 2/0 is B.
# $spec: tab-separated lines
#        cell id check d metric whole angle minproj maxproj shielded
#        (check: width space notch isolated separation enclosing enclosed
#        overlap; metric: euclidian square projection; angle, minproj,
#        maxproj: "-" for the default). Two polygon checks reuse the
#        columns: "area" selects polygons with d <= area < maxproj
#        (with_area), "grid" marks vertices off a grid of d (grid_check).
# Output, tab-separated:
#   P cell layer polygon   each merged polygon of A (1) and B (2)
#   R cell id edgepair     each edge pair of check id, in dbu
#   N cell id count        after each check
#   DONE                   at the end

layout = RBA::Layout.new
layout.read($gds)
la = layout.find_layer(1, 0)
lb = layout.find_layer(2, 0)

def region_of(layout, cell, li)
  return RBA::Region.new if li.nil?
  RBA::Region.new(cell.begin_shapes_rec(li)).merged
end

metrics = {
  "euclidian" => RBA::Region::Euclidian,
  "square" => RBA::Region::Square,
  "projection" => RBA::Region::Projection,
}

regions = {}
out = $stdout

File.readlines($spec).each do |line|
  f = line.chomp.split("\t")
  next if f.size < 10
  cname, id, check, d, metric, whole, angle, minp, maxp, shielded = f
  unless regions[cname]
    cell = layout.cell(cname)
    raise "no cell #{cname}" unless cell
    a = region_of(layout, cell, la)
    b = region_of(layout, cell, lb)
    regions[cname] = [a, b]
    a.each { |p| out.puts "P\t#{cname}\t1\t#{p}" }
    b.each { |p| out.puts "P\t#{cname}\t2\t#{p}" }
  end
  a, b = regions[cname]
  d = d.to_i
  m = metrics[metric]
  whole = (whole == "1")
  angle = angle == "-" ? nil : angle.to_f
  minp = minp == "-" ? nil : minp.to_i
  maxp = maxp == "-" ? nil : maxp.to_i
  shielded = (shielded == "1")
  if check == "area" || check == "grid"
    res = check == "area" ? a.with_area(d, maxp, false) : a.grid_check(d, d)
    n = 0
    res.each do |p|
      out.puts "R\t#{cname}\t#{id}\t#{p}"
      n += 1
    end
    out.puts "N\t#{cname}\t#{id}\t#{n}"
    next
  end
  ep = case check
  when "width" then a.width_check(d, whole, m, angle, minp, maxp, shielded)
  when "space" then a.space_check(d, whole, m, angle, minp, maxp, shielded)
  when "notch" then a.notch_check(d, whole, m, angle, minp, maxp, shielded)
  when "isolated" then a.isolated_check(d, whole, m, angle, minp, maxp, shielded)
  when "separation" then a.separation_check(b, d, whole, m, angle, minp, maxp, shielded)
  when "enclosing" then a.enclosing_check(b, d, whole, m, angle, minp, maxp, shielded)
  when "enclosed" then a.enclosed_check(b, d, whole, m, angle, minp, maxp, shielded)
  when "overlap" then a.overlap_check(b, d, whole, m, angle, minp, maxp, shielded)
  else raise "unknown check #{check}"
  end
  n = 0
  ep.each do |e|
    out.puts "R\t#{cname}\t#{id}\t#{e}"
    n += 1
  end
  out.puts "N\t#{cname}\t#{id}\t#{n}"
end
out.puts "DONE"
