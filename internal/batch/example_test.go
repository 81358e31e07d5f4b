package batch_test

import (
	"fmt"

	"github.com/layoutmig/layoutmig/internal/batch"
)

// Shard 1 of 3 takes every third cell in name order, from the second.
func ExampleShard_Select() {
	s, err := batch.ParseShard("1/3")
	if err != nil {
		panic(err)
	}
	var items []batch.Item
	for _, n := range []string{"and2_1", "and2_2", "and2_4", "buf_1", "buf_2", "buf_4", "inv_1"} {
		items = append(items, batch.Item{Name: n})
	}
	for _, it := range s.Select(items) {
		fmt.Println(it.Name)
	}
	// Output:
	// and2_2
	// buf_2
}
