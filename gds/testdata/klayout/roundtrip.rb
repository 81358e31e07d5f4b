# Compares pairs of GDS files with KLayout's LayoutDiff, strictly.
#
# Used by TestRoundTripKLayout (gds/klayout_test.go). Run as
#   klayout -b -r roundtrip.rb -rd list=PAIRS
# where PAIRS holds one pair per line: "label<TAB>file A<TAB>file B".
#
# For each pair it prints exactly one line:
#   OK<TAB>label
#   DIFF<TAB>label<TAB>count<TAB>the first differences, separated by " | "
#   ERROR<TAB>label<TAB>message             (a file KLayout could not read)
#
# The comparison is as strict as LayoutDiff allows: cells are matched by
# name (no SmartCellMapping), arrays are compared as arrays (no
# FlattenArrayInsts), boxes and paths as such (no BoxesAsPolygons,
# PathsAsPolygons), user properties and text orientation and size are
# compared (no NoProperties, NoTextOrientation, NoTextDetails), the
# tolerance is 0. The only flag set is Verbose, which relaxes nothing:
# without it KLayout 0.28 does not deliver the per-object events
# (polygon_in_a_only, ...) that name the differences, and it crashes in its
# instance events. It prints nothing itself; the handlers below collect the
# details.
#
# Beyond LayoutDiff, the layouts' meta information (library name, user
# unit, metres per database unit, library timestamps) must be equal, and so
# must every text's justification: LayoutDiff 0.28 compares a text's
# string, transformation and size, not its halign and valign. (KLayout's
# GDS reader does not keep the font at all.)

MAX_DETAILS = 8

def load(path)
  ly = RBA::Layout.new
  ly.read(path)
  ly
end

# texts returns, per cell name and layer, the sorted descriptions of the
# texts with their justification.
def texts(ly)
  m = {}
  ly.each_cell do |c|
    ly.layer_indexes.each do |li|
      list = []
      c.shapes(li).each(RBA::Shapes::STexts) do |sh|
        t = sh.text
        list << "#{t.string.inspect} #{t.trans} size #{t.size} halign #{t.halign} valign #{t.valign}"
      end
      m["#{c.name} #{ly.get_info(li)}"] = list.sort unless list.empty?
    end
  end
  m
end

def meta(ly)
  m = {}
  ly.each_meta_info { |mi| m[mi.name] = mi.value.to_s }
  m
end

diff = RBA::LayoutDiff.new
$details = []
$count = 0

# note records one difference. scope says what the event may ask LayoutDiff
# about: :layout events (dbu, cells and layers of the whole layouts) have no
# current cell, :cell events (bounding boxes, instances) have no current
# layer, :shape events have both. Asking out of scope reads stale values
# or, for a layer during an instance event, crashes KLayout 0.28.
def note(diff, what, args, scope)
  $count += 1
  return if $details.size >= MAX_DETAILS
  where = []
  if scope != :layout
    ca = diff.cell_a
    cb = diff.cell_b
    where << "cell #{ca.name}" if ca
    where << "cell(b) #{cb.name}" if cb && (ca.nil? || ca.name != cb.name)
  end
  where << "layer #{diff.layer_info_a}" if scope == :shape
  in_b = what.include?('_b_')
  text = "#{what} #{args.map { |a| show(diff.layout_a, in_b, a) }.join(' ')}"
  text += " (#{where.join(', ')})" unless where.empty?
  $details << text
end

{
  layout: %w[on_dbu_differs on_cell_name_differs on_cell_in_a_only on_cell_in_b_only
             on_layer_in_a_only on_layer_in_b_only on_layer_name_differs],
  cell: %w[on_bbox_differs on_instance_in_a_only on_instance_in_b_only],
  shape: %w[on_per_layer_bbox_differs
            on_polygon_in_a_only on_polygon_in_b_only on_path_in_a_only on_path_in_b_only
            on_box_in_a_only on_box_in_b_only on_text_in_a_only on_text_in_b_only
            on_edge_in_a_only on_edge_in_b_only on_edge_pair_in_a_only on_edge_pair_in_b_only]
}.each do |scope, events|
  events.each do |ev|
    what = ev.sub(/^on_/, '')
    diff.send(ev) { |*args| note(diff, what, args, scope) }
  end
end

# show formats an event argument: cells by name, property ids (the last
# argument of shape and instance events) by their properties. An "a only"
# id belongs to layout A; a "b only" id to a repository LayoutDiff keeps to
# itself, so only its number can be shown.
def show(lya, in_b, arg)
  case arg
  when RBA::Cell then arg.name
  when Integer
    return '' if arg.zero?
    in_b ? "(properties id #{arg})" : "properties #{lya.properties(arg).inspect}"
  else arg.to_s
  end
end

# Nothing relaxed (see the header); Verbose only turns the detail events on.
FLAGS = RBA::LayoutDiff::Verbose

File.readlines($list, chomp: true).each do |line|
  next if line.strip.empty?
  label, a, b = line.split("\t")
  begin
    lya = load(a)
    lyb = load(b)
    $details = []
    $count = 0
    same = diff.compare(lya, lyb, FLAGS, 0)
    ma, mb = meta(lya), meta(lyb)
    (ma.keys | mb.keys).sort.each do |k|
      next if ma[k] == mb[k]
      $count += 1
      $details << "meta #{k}: #{ma[k].inspect} vs #{mb[k].inspect}" if $details.size < MAX_DETAILS
    end
    ta, tb = texts(lya), texts(lyb)
    (ta.keys | tb.keys).sort.each do |k|
      next if ta[k] == tb[k]
      $count += 1
      $details << "texts of #{k}: #{(ta[k] || []) - (tb[k] || [])} vs #{(tb[k] || []) - (ta[k] || [])}" if $details.size < MAX_DETAILS
    end
    if same && $count == 0
      puts "OK\t#{label}"
    else
      $count = 1 if $count == 0 # LayoutDiff said different without an event
      puts "DIFF\t#{label}\t#{$count}\t#{$details.join(' | ')}"
    end
  rescue StandardError => e
    puts "ERROR\t#{label}\t#{e.to_s.gsub(/\s+/, ' ')}"
  end
  $stdout.flush
end
