package batch

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one share of the cells: of the items sorted by name, those
// whose index modulo Count is Index. The Count shards of a set partition
// it, and neighbours in name order (the sizes of one cell, addf_1, addf_2,
// ...) land in different shards, which balances them.
type Shard struct {
	Index, Count int
}

// ParseShard reads "I/N" with 0 <= I < N.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want I/N, e.g. 0/4", s)
	}
	idx, err1 := strconv.Atoi(strings.TrimSpace(i))
	cnt, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want I/N with whole numbers, e.g. 0/4", s)
	}
	if cnt < 1 || idx < 0 || idx >= cnt {
		return Shard{}, fmt.Errorf("shard %q: want 0 <= I < N", s)
	}
	return Shard{Index: idx, Count: cnt}, nil
}

// String is "I/N", or "" for the whole set (the zero Shard).
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Select returns the shard's share of items (sorted by name). The zero
// Shard selects everything.
func (s Shard) Select(items []Item) []Item {
	if s.Count <= 1 {
		return items
	}
	var out []Item
	for i, it := range items {
		if i%s.Count == s.Index {
			out = append(out, it)
		}
	}
	return out
}
