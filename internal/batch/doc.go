// Package batch runs a migration over a whole cell library: it finds the
// cells of the inputs (every top cell of every GDS file), runs them on a
// pool of workers, writes each cell's outputs atomically, skips cells whose
// inputs are unchanged (resume), and writes a summary. It also splits the
// cells into shards, writes and submits the Slurm job array whose tasks
// are those shards, joins the shards' outputs into one, and merges the
// migrated cells into one GDS library.
//
// Layout of an output folder:
//
//	cells/<cell>.gds     the migrated cell and the cells under it
//	reports/<cell>.json  the cell's report (status, counts, the content
//	                     key that resume compares, the migration detail)
//	summary.json         every cell's row, sorted by cell name
//	summary.csv          the same rows as CSV
//
// Package batch owns the engine only: what is done to one cell is a Work
// function given by the caller (the CLI runs the migration flow), so the
// engine knows nothing of recipes, rules or checks.
package batch
