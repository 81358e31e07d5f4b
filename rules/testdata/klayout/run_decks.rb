# Runs several DRC decks in one KLayout session (batch mode).
# $list names a file of lines "deck<TAB>input.gds<TAB>report.lyrdb".
# Prints "ok<TAB>deck" after each deck, or "error<TAB>deck<TAB>message".
File.readlines($list).each do |line|
  deck, input, report = line.chomp.split("\t")
  next unless deck
  $input = input
  $report = report
  $top_cell = nil
  begin
    engine = DRC::DRCEngine::new
    engine._start(deck)
    engine.instance_eval(File.read(deck), deck)
    engine._finish
    puts "ok\t#{deck}"
  rescue Exception => e
    puts "error\t#{deck}\t#{e.message.gsub(/\s+/, ' ')}"
  end
end
