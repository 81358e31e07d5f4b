// Package flow is the migration pipeline of one library: shrink (the
// recipe's transforms and the connectivity check), then the DRC of the
// target technology on every top cell of the result, joined into one
// result per cell. It is the one place where "migrate, then check" lives;
// the migrate and batch commands are built on it.
//
// flow owns the pipeline and its report (the DRC report of the target
// plus the migration statistics of every cell); it does not read or write
// layouts (callers do, with the gds package) and holds no state between
// runs.
package flow
