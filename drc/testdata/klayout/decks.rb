# Runs layoutmig's exported DRC decks and reads layoutmig's marker databases
# back, in one KLayout session, for the deck cross-check test
# (drc/deck_klayout_test.go).
#
# $spec names a file of tab-separated lines:
#   DECK  tag  deck.drc  input.gds  report.lyrdb  top_cell
#        runs the deck on the input, writing KLayout's report; prints
#        "RAN<TAB>tag<TAB>seconds"
#   READ  tag  ours.lyrdb
#        loads a marker database with RBA::ReportDatabase and prints
#        "ITEM<TAB>tag<TAB>category<TAB>cell<TAB>value..." for each item and
#        "READ<TAB>tag<TAB>items" at the end
# Prints "DONE" when every line is done; an error stops the script.

File.readlines($spec).each do |line|
  f = line.chomp.split("\t")
  case f[0]
  when "DECK"
    tag, deck, input, report, top = f[1], f[2], f[3], f[4], f[5]
    $input = input
    $report = report
    $top_cell = top
    t0 = Time.now
    engine = DRC::DRCEngine::new
    engine._start(deck)
    engine.instance_eval(File.read(deck), deck)
    engine._finish
    puts "RAN\t#{tag}\t#{Time.now - t0}"
  when "READ"
    tag, path = f[1], f[2]
    rdb = RBA::ReportDatabase.new("")
    rdb.load(path)
    n = 0
    rdb.each_item do |it|
      cat = rdb.category_by_id(it.category_id)
      cell = rdb.cell_by_id(it.cell_id)
      vals = []
      it.each_value { |v| vals << v.to_s }
      puts "ITEM\t#{tag}\t#{cat.name}\t#{cell.name}\t#{vals.join("\t")}"
      n += 1
    end
    puts "READ\t#{tag}\t#{n}"
  end
  $stdout.flush
end
puts "DONE"
