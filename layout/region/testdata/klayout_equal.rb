# Computes region operations with KLayout (flat mode, Region API) and XORs
# them with layoutmig's results. Run by TestEqualToKLayout:
#
#   klayout -b -r klayout_equal.rb -rd jobs=DIR1,DIR2,...
#
# Each DIR holds in.gds (the input sheet, cell TOP; or input.txt naming the
# GDS file to read, whose single top cell is the input), ours.gds (our result of
# case i on layer i of cell TOP: polygons nested in d holes of others with
# their hulls on datatype 2d and their holes on 2d+1, and optionally the
# same polygons with holes resolved by cut lines on datatype 100) and
# cases.txt, one case per line:
#
#   i merge L D
#   i size L D DX DY MODE
#   i and|not|xor|or L1 D1 L2 D2
#   i interacting|not_interacting|inside|not_inside|outside|overlapping L1 D1 L2 D2
#
# For every case it prints "case DIR i N" with N the number of polygons of
# (KLayout's result XOR ours), summed over both forms of ours, and for up to
# 20 of them "at DIR i X Y" with the centre of the polygon's bounding box.

def region_of(layout, cell, l, d)
  li = layout.find_layer(l.to_i, d.to_i)
  return RBA::Region::new if li.nil?
  RBA::Region::new(cell.begin_shapes_rec(li))
end

$jobs.split(",").each do |dir|
  inp = RBA::Layout::new
  input = File.join(dir, "in.gds")
  input = File.read(File.join(dir, "input.txt")).strip unless File.exist?(input)
  inp.read(input)
  ours = RBA::Layout::new
  ours.read(File.join(dir, "ours.gds"))
  top = inp.top_cell
  otop = ours.top_cell
  cache = {}
  get = lambda do |l, d|
    key = "#{l}/#{d}"
    cache[key] ||= region_of(inp, top, l, d)
  end
  File.readlines(File.join(dir, "cases.txt")).each do |line|
    f = line.split
    next if f.empty?
    i = f[0].to_i
    op = f[1]
    a = get.call(f[2], f[3])
    res = case op
          when "merge" then a.merged
          when "size" then a.sized(f[4].to_i, f[5].to_i, f[6].to_i)
          when "and" then a & get.call(f[4], f[5])
          when "not" then a - get.call(f[4], f[5])
          when "xor" then a ^ get.call(f[4], f[5])
          when "or" then a | get.call(f[4], f[5])
          when "interacting", "not_interacting", "inside", "not_inside", "outside", "overlapping"
            a.send(op, get.call(f[4], f[5]))
          else raise "unknown operation #{op}"
          end
    mine = RBA::Region::new
    (0..7).each do |d|
      mine += region_of(ours, otop, i, 2 * d) - region_of(ours, otop, i, 2 * d + 1)
    end
    # Compare merged geometry: KLayout leaves the results of sizing
    # different polygons unmerged, and merging them inside the XOR would let
    # our vertices take part in snapping their intersections.
    res = res.merged
    x = res ^ mine
    unless ours.find_layer(i, 100).nil?
      x += res ^ region_of(ours, otop, i, 100)
    end
    puts "case #{dir} #{i} #{x.count}"
    n = 0
    x.each do |p|
      break if n >= 20
      c = p.bbox.center
      puts "at #{dir} #{i} #{c.x} #{c.y}"
      n += 1
    end
  end
end
