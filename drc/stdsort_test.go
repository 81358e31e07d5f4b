package drc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

// TestStdSortMatchesLibstdcxx compiles testdata/stdsort.cc and holds the
// emulated std::sort, heap sort and std::partition of scanorder.go to
// libstdc++'s, equal keys included: KLayout's pair order, and so its answer
// in shielding ties, follows from them.
func TestStdSortMatchesLibstdcxx(t *testing.T) {
	cxx, err := exec.LookPath("g++")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("g++ is required under CI")
		}
		t.Skip("g++ not installed; skipping the libstdc++ comparison")
	}
	bin := filepath.Join(t.TempDir(), "stdsort")
	if out, err := exec.Command(cxx, "-O2", "-o", bin, filepath.Join("testdata", "stdsort.cc")).CombinedOutput(); err != nil {
		t.Fatalf("g++: %v\n%s", err, out)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var in bytes.Buffer
	var cases [][]int64
	var lims []int64
	for range 2000 {
		n := rng.IntN(400)
		if rng.IntN(3) == 0 {
			n = rng.IntN(40)
		}
		keys := make([]int64, n)
		r := 1 + rng.IntN(60)
		for i := range keys {
			keys[i] = int64(rng.IntN(r))
		}
		if rng.IntN(10) == 0 { // presorted runs and reversed input
			for i := range keys {
				keys[i] = int64(i / 3)
			}
			if rng.IntN(2) == 0 {
				for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
					keys[i], keys[j] = keys[j], keys[i]
				}
			}
		}
		cases = append(cases, keys)
		lims = append(lims, int64(rng.IntN(r+1)))
	}
	fmt.Fprintf(&in, "%d\n", len(cases))
	for c, keys := range cases {
		fmt.Fprintf(&in, "%d %d", len(keys), lims[c])
		for _, k := range keys {
			fmt.Fprintf(&in, " %d", k)
		}
		in.WriteString("\n")
	}
	cmd := exec.Command(bin)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	ids := func(a []scanItem) string {
		var sb strings.Builder
		for _, x := range a {
			fmt.Fprintf(&sb, " %d", x.id)
		}
		return sb.String()
	}
	key := func(s scanItem) int64 { return int64(s.b.Min.Y) }
	for c, keys := range cases {
		items := make([]scanItem, len(keys))
		for i, k := range keys {
			items[i] = scanItem{int32(i), layout.Box{Min: layout.Point{Y: int32(k)}}}
		}
		s := append([]scanItem(nil), items...)
		stdSort(s, key)
		h := append([]scanItem(nil), items...)
		heapSort(h, func(x, y scanItem) bool { return key(x) < key(y) })
		p := append([]scanItem(nil), items...)
		lim := lims[c]
		mid := stdPartition(p, 0, len(p), func(s scanItem) bool { return key(s) < lim })
		for k, got := range []string{ids(s), ids(h), fmt.Sprintf("%d:%s", mid, ids(p))} {
			if want := lines[3*c+k]; got != want {
				t.Fatalf("case %d (%s): go %q, libstdc++ %q", c, []string{"sort", "heap sort", "partition"}[k], got, want)
			}
		}
	}
}
