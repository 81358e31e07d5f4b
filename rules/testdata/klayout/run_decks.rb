# Runs several DRC decks in one KLayout session (batch mode).
# $list names a file of lines "deck<TAB>input.gds<TAB>report.lyrdb", optionally
# followed by "<TAB>top_cell" (the default deck's top cell) and "<TAB>cells" (the
# per-cell deck's list of cells).
# Prints "ok<TAB>deck<TAB>report" after each run, or
# "error<TAB>deck<TAB>report<TAB>message".
File.readlines($list).each do |line|
  deck, input, report, top, cells = line.chomp.split("\t")
  next unless deck
  $input = input
  $report = report
  $top_cell = top
  $cells = cells
  begin
    engine = DRC::DRCEngine::new
    engine._start(deck)
    engine.instance_eval(File.read(deck), deck)
    engine._finish
    puts "ok\t#{deck}\t#{report}"
  rescue Exception => e
    puts "error\t#{deck}\t#{report}\t#{e.message.gsub(/\s+/, ' ')}"
  end
end
