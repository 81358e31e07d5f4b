# Flattening cross-check. $list names a file of lines "HIER<TAB>FLAT<TAB>TOP":
# HIER is a hierarchical layout, FLAT our flattening of its cell TOP (a
# single cell named TOP). KLayout flattens TOP of HIER itself and compares
# the two cells with LayoutDiff. Prints "OK label" or "DIFF label count
# first-difference" per line.
File.readlines($list).each do |line|
  hier, flat, top = line.chomp.split("\t")
  a = RBA::Layout.new
  a.read(hier)
  ca = a.cell(top)
  ca.flatten(true)
  b = RBA::Layout.new
  b.read(flat)
  cb = b.cell(top)
  diff = RBA::LayoutDiff.new
  first = nil
  count = 0
  note = lambda { |what| count += 1; first ||= what }
  diff.on_polygon_in_a_only { |p, _| note.call("polygon only in KLayout's: #{p}") }
  diff.on_polygon_in_b_only { |p, _| note.call("polygon only in ours: #{p}") }
  diff.on_box_in_a_only { |p, _| note.call("box only in KLayout's: #{p}") }
  diff.on_box_in_b_only { |p, _| note.call("box only in ours: #{p}") }
  diff.on_path_in_a_only { |p, _| note.call("path only in KLayout's: #{p}") }
  diff.on_path_in_b_only { |p, _| note.call("path only in ours: #{p}") }
  diff.on_text_in_a_only { |p, _| note.call("text only in KLayout's: #{p}") }
  diff.on_text_in_b_only { |p, _| note.call("text only in ours: #{p}") }
  diff.on_layer_in_a_only { |l| note.call("layer only in KLayout's: #{l}") }
  diff.on_layer_in_b_only { |l| note.call("layer only in ours: #{l}") }
  same = diff.compare(ca, cb, RBA::LayoutDiff::Silent, 0)
  if same && count == 0
    puts "OK\t#{flat}"
  else
    puts "DIFF\t#{flat}\t#{count}\t#{first}"
  end
end
