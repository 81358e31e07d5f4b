package batch

import (
	"fmt"
	"testing"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want Shard
		bad  bool
	}{
		{"0/4", Shard{0, 4}, false},
		{"3/4", Shard{3, 4}, false},
		{"0/1", Shard{0, 1}, false},
		{"4/4", Shard{}, true},
		{"-1/4", Shard{}, true},
		{"1/0", Shard{}, true},
		{"1", Shard{}, true},
		{"a/b", Shard{}, true},
	}
	for _, tc := range tests {
		got, err := ParseShard(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.bad)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("ParseShard(%q).String() = %q", tc.in, got.String())
		}
	}
}

// TestShardsPartition: the N shards of a set hold every item exactly once,
// and their sizes differ by at most one.
func TestShardsPartition(t *testing.T) {
	items := make([]Item, 23)
	for i := range items {
		items[i].Name = fmt.Sprintf("C%02d", i)
	}
	for n := 1; n <= 6; n++ {
		seen := map[string]int{}
		lo, hi := len(items), 0
		for i := range n {
			share := Shard{i, n}.Select(items)
			lo, hi = min(lo, len(share)), max(hi, len(share))
			for _, it := range share {
				seen[it.Name]++
			}
		}
		if len(seen) != len(items) || hi-lo > 1 {
			t.Errorf("%d shards: %d distinct items of %d, sizes %d..%d", n, len(seen), len(items), lo, hi)
		}
		for name, k := range seen {
			if k != 1 {
				t.Errorf("%d shards: %s in %d shards", n, name, k)
			}
		}
	}
	if got := (Shard{}).Select(items); len(got) != len(items) {
		t.Errorf("the zero shard selects %d of %d", len(got), len(items))
	}
}
