package techfiles

import (
	"testing"
)

func TestEmbeddedRecipes(t *testing.T) {
	names := RecipeNames()
	if len(names) < 2 {
		t.Fatalf("embedded recipes %v", names)
	}
	for _, n := range names {
		r, src, tgt, err := LoadMigration(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if r.Name != n || src.Name != r.Source || tgt.Name != r.Target {
			t.Errorf("%s: name %q, %s -> %s", n, r.Name, src.Name, tgt.Name)
		}
		// Every layer of the source technology has an entry: nothing is
		// dropped by omission.
		mapped := map[string]bool{}
		for _, m := range r.Layers {
			mapped[m.From.Name] = true
		}
		for _, l := range src.Layers {
			if !mapped[l.Name] {
				t.Errorf("%s: source layer %s is not in the layer map", n, l.Name)
			}
		}
	}
	if _, err := LoadRecipe("no-such-recipe"); err == nil {
		t.Error("unknown recipe loaded")
	}
}
