package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJoinShards runs a library as 3 shards and joins them: the result is
// what one run writes, file for file (times aside).
func TestJoinShards(t *testing.T) {
	dir := library(t, 11)
	writeLib(t, dir, "X_DIRTY.gds", cellLib("X_DIRTY", 50, "X_DIRTY"))
	writeLib(t, dir, "Y_FAIL.gds", cellLib("Y_FAIL", 50, "Y_FAIL"))
	whole := t.TempDir()
	var fw fakeWork
	if _, _, err := runFolder(t, context.Background(), dir, whole, Options{Jobs: 2, Work: fw.work}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	shards := ShardDirs(root, 3)
	for i, d := range shards {
		sum, _, err := runFolder(t, context.Background(), dir, d, Options{Jobs: 2, Shard: Shard{i, 3}, Work: fw.work})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Shard != (Shard{i, 3}).String() || sum.Cells < 4 || sum.Cells > 5 {
			t.Errorf("shard %d: %q with %d cells", i, sum.Shard, sum.Cells)
		}
	}
	joined := filepath.Join(t.TempDir(), "joined")
	sum, err := Join(shards, joined)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cells != 13 || sum.Shard != "" || sum.Failed != 1 || sum.Violating != 1 {
		t.Errorf("joined: %d cells, shard %q, %d failed, %d with violations", sum.Cells, sum.Shard, sum.Failed, sum.Violating)
	}
	sameFolders(t, whole, joined)
}

func TestJoinRefuses(t *testing.T) {
	dir := library(t, 5)
	root := t.TempDir()
	var fw fakeWork
	for i := range 3 {
		if _, _, err := runFolder(t, context.Background(), dir, ShardDir(root, i), Options{Shard: Shard{i, 3}, Work: fw.work}); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(root, "other")
	if _, _, err := runFolder(t, context.Background(), dir, other, Options{Shard: Shard{0, 2}, Work: fw.work}); err != nil {
		t.Fatal(err)
	}
	whole, whole2 := filepath.Join(root, "whole"), filepath.Join(root, "whole2")
	for _, d := range []string{whole, whole2} {
		if _, _, err := runFolder(t, context.Background(), dir, d, Options{Work: fw.work}); err != nil {
			t.Fatal(err)
		}
	}
	s := func(i int) string { return ShardDir(root, i) }
	tests := []struct {
		name string
		dirs []string
		want string
	}{
		{"a shard missing", []string{s(0), s(2)}, "shard 1/3 is missing"},
		{"a shard twice", []string{s(0), s(1), s(2), s(1)}, "in both"},
		{"shards of two splits", []string{s(0), s(1), s(2), other}, "a shard of 3"},
		{"a cell in two folders", []string{whole, whole2}, "is in both"},
		{"no summary", []string{t.TempDir()}, "summary.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Join(tc.dirs, t.TempDir())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one that says %q", err, tc.want)
			}
		})
	}
	// A folder from another setup.
	sum, err := ReadSummary(s(1))
	if err != nil {
		t.Fatal(err)
	}
	sum.Job = "another recipe"
	if err := sum.WriteFiles(s(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := Join([]string{s(0), s(1), s(2)}, t.TempDir()); err == nil || !strings.Contains(err.Error(), "another recipe") {
		t.Errorf("shards of two recipes: err = %v", err)
	}
	if _, err := os.Stat(s(0)); err != nil {
		t.Fatal(err)
	}
}
