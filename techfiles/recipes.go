package techfiles

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/rules"
)

//go:embed recipes/*.yaml
var recipeFiles embed.FS

// RecipeNames returns the names of the embedded migration recipes, sorted.
func RecipeNames() []string {
	entries, _ := fs.ReadDir(recipeFiles, "recipes")
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// RecipeSource returns the YAML text of an embedded recipe.
func RecipeSource(name string) ([]byte, error) {
	data, err := recipeFiles.ReadFile("recipes/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("techfiles: no embedded recipe %q (known: %s)", name, strings.Join(RecipeNames(), ", "))
	}
	return data, nil
}

// LoadRecipe returns the recipe of that embedded name
// ("gf180mcu-to-sky130") or loads the YAML file at that path, by the same
// rule as Load. It does not resolve the recipe against its technologies:
// see LoadMigration.
func LoadRecipe(nameOrPath string) (*rules.Recipe, error) {
	if data, err := recipeFiles.ReadFile("recipes/" + nameOrPath + ".yaml"); err == nil && !strings.ContainsAny(nameOrPath, `/\`) {
		return rules.ParseRecipe(nameOrPath+".yaml", data)
	}
	ext := path.Ext(nameOrPath)
	if strings.ContainsAny(nameOrPath, `/\`) || ext == ".yaml" || ext == ".yml" {
		return rules.LoadRecipeFile(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err == nil {
		return rules.LoadRecipeFile(nameOrPath)
	}
	return nil, fmt.Errorf("techfiles: %q is neither an embedded recipe (%s) nor a file", nameOrPath, strings.Join(RecipeNames(), ", "))
}

// LoadMigration loads a recipe and its source and target technologies
// (embedded names, or paths relative to the working directory) and checks
// the recipe against them.
func LoadMigration(nameOrPath string) (r *rules.Recipe, src, tgt *rules.Tech, err error) {
	if r, err = LoadRecipe(nameOrPath); err != nil {
		return nil, nil, nil, err
	}
	if src, err = Load(r.Source); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: source technology: %w", r.File, err)
	}
	if tgt, err = Load(r.Target); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: target technology: %w", r.File, err)
	}
	if err = r.Resolve(src, tgt); err != nil {
		return nil, nil, nil, err
	}
	return r, src, tgt, nil
}
