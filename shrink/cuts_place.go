package shrink

import (
	"fmt"
	"sort"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// place groups the cuts and places every group's exact cuts.
func (p *cutPlan) place() {
	// One group per cut to begin with.
	for i, it := range p.items {
		p.groups = append(p.groups, &cutGroup{members: []int{i}, size: it.size, land: it.land, key: it.key, encl: it.encl, seps: it.seps})
	}
	for _, g := range p.groups {
		p.placeGroup(g)
	}
	// Join groups with the same landings whose cuts would be too close.
	for changed := true; changed; {
		changed = false
		buckets := map[string][]int{}
		var keys []string
		for gi, g := range p.groups {
			if g.keep || g.size == 0 {
				continue
			}
			k := fmt.Sprintf("%d|%s", g.size, g.key)
			if _, ok := buckets[k]; !ok {
				keys = append(keys, k)
			}
			buckets[k] = append(buckets[k], gi)
		}
		sort.Strings(keys)
		var merged []*cutGroup
		dead := map[int]bool{}
		for _, k := range keys {
			b := buckets[k]
			for x := 0; x < len(b); x++ {
				for y := x + 1; y < len(b); y++ {
					if dead[b[x]] || dead[b[y]] {
						continue
					}
					a, c := p.groups[b[x]], p.groups[b[y]]
					if squaresClose(a.squares, c.squares, p.cr.space) {
						a.members = append(a.members, c.members...)
						sort.Ints(a.members)
						a.encl = unionInts(a.encl, c.encl)
						a.seps = unionInts(a.seps, c.seps)
						dead[b[y]] = true
						p.placeGroup(a)
						changed = true
					}
				}
			}
		}
		if changed {
			for gi, g := range p.groups {
				if !dead[gi] {
					merged = append(merged, g)
				}
			}
			p.groups = merged
		}
	}
	p.separate()
}

func unionInts(a, b []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, v := range append(append([]int{}, a...), b...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Ints(out)
	return out
}

// squaresClose says whether a square of a is closer than d to one of b.
func squaresClose(a, b []layout.Box, d int64) bool {
	for _, x := range a {
		for _, y := range b {
			if boxDist2(x, y) < d*d {
				return true
			}
		}
	}
	return false
}

// boxDist2 is the squared Euclidean distance between two boxes (0 when
// they touch or overlap).
func boxDist2(a, b layout.Box) int64 {
	gx := max(0, int64(b.Min.X)-int64(a.Max.X), int64(a.Min.X)-int64(b.Max.X))
	gy := max(0, int64(b.Min.Y)-int64(a.Max.Y), int64(a.Min.Y)-int64(b.Max.Y))
	return gx*gx + gy*gy
}

// placeGroup places the exact cuts of one group: as many as fit at the
// target spacing in the extent of its cuts (each axis at least one cut
// wide), centred on the grid, keeping those that lie over the drawn cuts
// and that touch no other net.
func (p *cutPlan) placeGroup(g *cutGroup) {
	g.squares, g.keep = nil, false
	if g.size == 0 {
		g.keep = true
		return
	}
	if len(g.members) == 1 && p.items[g.members[0]].exact {
		g.squares = []layout.Box{p.items[g.members[0]].box}
		return
	}
	s, sp := g.size, p.cr.space
	ext := p.items[g.members[0]].box
	for _, i := range g.members[1:] {
		ext = ext.Extend(p.items[i].box)
	}
	xs := p.lattice(int64(ext.Min.X), int64(ext.Max.X), s, sp, 0)
	ys := p.lattice(int64(ext.Min.Y), int64(ext.Max.Y), s, sp, 0)
	if sq, ok := p.oneMore(g, ext, xs, ys); ok {
		g.squares = sq
		return
	}
	// The drawn cuts, each grown by half the spacing: squares in a row's
	// gaps count, squares off an L-shaped bar's corner do not.
	var over *region.Region
	if len(xs)*len(ys) > 1 {
		over = region.New()
		h := (sp + 1) / 2
		for _, i := range g.members {
			over.AddBox(grow(p.items[i].box, h, h, h, h))
		}
		over = over.Merged()
	}
	var cands []layout.Box
	for _, y := range ys {
		for _, x := range xs {
			q := layout.Box{Min: layout.Point{X: int32(x), Y: int32(y)}, Max: layout.Point{X: int32(x + s), Y: int32(y + s)}}
			if over != nil && boxRegion(q).And(over).Area() == 0 {
				continue
			}
			cands = append(cands, q)
		}
	}
	for _, q := range cands {
		if p.valid(q, g) {
			g.squares = append(g.squares, q)
		}
	}
	if len(g.squares) > 0 {
		return
	}
	// No square of the lattice is clean: move the one nearest the centre.
	cx, cy := int64(ext.Min.X)+int64(ext.Max.X), int64(ext.Min.Y)+int64(ext.Max.Y)
	sort.SliceStable(cands, func(i, j int) bool {
		return centreDist2(cands[i], cx, cy) < centreDist2(cands[j], cx, cy)
	})
	if len(cands) > 0 {
		if q, ok := p.shifted(cands[0], g, nil); ok {
			g.squares = []layout.Box{q}
			return
		}
	}
	g.keep = true
}

func centreDist2(b layout.Box, cx2, cy2 int64) int64 {
	dx := int64(b.Min.X) + int64(b.Max.X) - cx2
	dy := int64(b.Min.Y) + int64(b.Max.Y) - cy2
	return dx*dx + dy*dy
}

// lattice returns the lower edges of as many cuts of size s at spacing sp
// as fit in [lo, hi] (at least one; an extent narrower than s counts as s),
// or of n cuts when n > 0, centred and on the grid.
func (p *cutPlan) lattice(lo, hi, s, sp, n int64) []int64 {
	if n <= 0 {
		w := max(hi-lo, s)
		n = max(1, (w+sp)/(s+sp))
	}
	total := n*s + (n-1)*sp
	start := p.g * floorDiv(lo+hi-total+p.g, 2*p.g)
	out := make([]int64, n)
	for i := range out {
		out[i] = start + int64(i)*(s+sp)
	}
	return out
}

// oneMore tries, for a row (or column) of several drawn cuts, one cut more
// than the drawn extent holds at the target pitch, centred on it: taken
// when every cut of that row lies wholly inside every polygon the row
// lands on (the landings need not grow to cover it) and is valid. A pair
// of scaled cuts at the source's minimum pitch then stays a pair.
func (p *cutPlan) oneMore(g *cutGroup, ext layout.Box, xs, ys []int64) ([]layout.Box, bool) {
	if len(g.members) < 2 || len(xs) > 1 && len(ys) > 1 {
		return nil, false
	}
	s, sp := g.size, p.cr.space
	if ext.Width() >= ext.Height() {
		xs = p.lattice(int64(ext.Min.X), int64(ext.Max.X), s, sp, int64(len(xs))+1)
	} else {
		ys = p.lattice(int64(ext.Min.Y), int64(ext.Max.Y), s, sp, int64(len(ys))+1)
	}
	var out []layout.Box
	for _, y := range ys {
		for _, x := range xs {
			q := layout.Box{Min: layout.Point{X: int32(x), Y: int32(y)}, Max: layout.Point{X: int32(x + s), Y: int32(y + s)}}
			if !p.valid(q, g) || !p.insideLandings(q, g) {
				return nil, false
			}
			out = append(out, q)
		}
	}
	return out, true
}

// insideLandings says whether q lies inside the conductor polygons the
// group lands on, on every layer it lands on, by the plain enclosure
// rules of that layer.
func (p *cutPlan) insideLandings(q layout.Box, g *cutGroup) bool {
	for li, pl := range p.layers {
		if !p.cond[li] || len(g.land[li]) == 0 {
			continue
		}
		var v int64
		for _, k := range g.encl {
			if e := p.cr.encl[k]; e.outer == pl.name && !e.adjacent {
				v = max(v, e.v)
			}
		}
		own := region.New()
		for _, j := range g.land[li] {
			own.AddRegion(pl.poly(j))
		}
		if !boxRegion(grow(q, v, v, v, v)).Not(own).IsEmpty() {
			return false
		}
	}
	return true
}

// valid says whether an exact cut q of group g lands on every conductor
// polygon the group lands on and on nothing else: it shares no area with
// another polygon of a conductor, and does not touch another polygon of a
// layer the group lands on (the cut is added to that layer).
func (p *cutPlan) valid(q layout.Box, g *cutGroup) bool {
	qr := boxRegion(q)
	for li, pl := range p.layers {
		own := g.land[li]
		if !p.cond[li] && len(own) == 0 {
			continue
		}
		if len(own) > 0 {
			hit := false
			for _, j := range own {
				if qr.And(pl.poly(j)).Area() > 0 {
					hit = true
					break
				}
			}
			if !hit {
				return false
			}
		}
		if !p.cond[li] {
			continue
		}
		for _, j := range pl.near(q) {
			if containsInt(own, j) {
				continue
			}
			if len(own) > 0 {
				if !qr.Interacting(pl.poly(j)).IsEmpty() {
					return false
				}
			} else if qr.And(pl.poly(j)).Area() > 0 {
				return false
			}
		}
	}
	return true
}

func containsInt(v []int, x int) bool {
	for _, y := range v {
		if y == x {
			return true
		}
	}
	return false
}

// shifted returns the valid position of q nearest to it, within one cut
// size, that also keeps the spacing to the squares in others.
func (p *cutPlan) shifted(q layout.Box, g *cutGroup, others []layout.Box) (layout.Box, bool) {
	k := g.size / p.g / 2
	type off struct{ dx, dy int64 }
	var offs []off
	for dx := -k; dx <= k; dx++ {
		for dy := -k; dy <= k; dy++ {
			offs = append(offs, off{dx * p.g, dy * p.g})
		}
	}
	sort.SliceStable(offs, func(i, j int) bool {
		a, b := offs[i], offs[j]
		if da, db := a.dx*a.dx+a.dy*a.dy, b.dx*b.dx+b.dy*b.dy; da != db {
			return da < db
		}
		if a.dx != b.dx {
			return a.dx < b.dx
		}
		return a.dy < b.dy
	})
	sp2 := p.cr.space * p.cr.space
	for _, o := range offs {
		c := grow(q, -o.dx, -o.dy, o.dx, o.dy)
		ok := true
		for _, b := range others {
			if boxDist2(c, b) < sp2 {
				ok = false
				break
			}
		}
		if ok && p.valid(c, g) {
			return c, true
		}
	}
	return q, false
}

// separate moves cuts of different groups apart where they are closer than
// the cut spacing, nearest valid position first.
func (p *cutPlan) separate() {
	sp := p.cr.space
	if sp == 0 {
		return
	}
	type ref struct{ g, k int }
	for round := 0; round < 8; round++ {
		var all []ref
		var boxes []layout.Box
		for gi, g := range p.groups {
			if g.keep {
				for _, i := range g.members {
					all = append(all, ref{gi, -1})
					boxes = append(boxes, p.items[i].box)
				}
				continue
			}
			for k, q := range g.squares {
				all = append(all, ref{gi, k})
				boxes = append(boxes, q)
			}
		}
		grid := newBoxGrid(boxes)
		moved := false
		for a := range all {
			for _, b := range grid.query(grow(boxes[a], sp, sp, sp, sp)) {
				if b <= a || all[a].g == all[b].g || boxDist2(boxes[a], boxes[b]) >= sp*sp {
					continue
				}
				// Move the later one (then the earlier) to the nearest
				// position that keeps its distance to every other cut.
				for _, x := range []int{b, a} {
					r := all[x]
					if r.k < 0 {
						continue
					}
					g := p.groups[r.g]
					var others []layout.Box
					for y := range boxes {
						if y != x {
							others = append(others, boxes[y])
						}
					}
					if q, ok := p.shifted(boxes[x], g, others); ok {
						g.squares[r.k] = q
						boxes[x] = q
						moved = true
						break
					}
				}
			}
		}
		if !moved {
			break
		}
	}
}
