// Reference for drc's emulation of libstdc++'s std::sort, std::partial_sort
// and std::partition (scanorder.go), which KLayout's box scanner uses.
// Input: the number of cases, then per case "n lim k1 ... kn". Output per
// case: the ids after std::sort by key, the ids after
// std::partial_sort(first, last, last) by key, and "p: ids" after
// std::partition with the predicate key < lim.
#include <algorithm>
#include <cstdio>
#include <vector>

struct Item {
  int id;
  long key;
};

static void print(const std::vector<Item> &v) {
  for (const Item &x : v) printf(" %d", x.id);
  printf("\n");
}

int main() {
  int cases;
  if (scanf("%d", &cases) != 1) return 1;
  auto less = [](const Item &a, const Item &b) { return a.key < b.key; };
  for (int c = 0; c < cases; ++c) {
    int n;
    long lim;
    if (scanf("%d %ld", &n, &lim) != 2) return 1;
    std::vector<Item> v(n);
    for (int i = 0; i < n; ++i) {
      v[i].id = i;
      if (scanf("%ld", &v[i].key) != 1) return 1;
    }
    std::vector<Item> s = v, h = v, p = v;
    std::sort(s.begin(), s.end(), less);
    print(s);
    std::partial_sort(h.begin(), h.end(), h.end(), less);
    print(h);
    auto mid = std::partition(p.begin(), p.end(), [lim](const Item &a) { return a.key < lim; });
    printf("%d:", int(mid - p.begin()));
    print(p);
  }
  return 0;
}
