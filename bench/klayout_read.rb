# Reads $file with KLayout and prints the wall time of the read alone.
# Usage: klayout -b -r bench/klayout_read.rb -rd file=IN.gds
t0 = Time.now
ly = RBA::Layout.new
ly.read($file)
printf("klayout_read_s %.3f cells %d\n", Time.now - t0, ly.cells)
