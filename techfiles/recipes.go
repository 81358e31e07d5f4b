package techfiles

import (
	"embed"
	"fmt"

	"github.com/layoutmig/layoutmig/rules"
)

//go:embed recipes/*.yaml
var recipeFiles embed.FS

// recipes are the embedded migration recipes.
var recipes = embeddedSet[*rules.Recipe]{fsys: recipeFiles, dir: "recipes", what: "recipe",
	parse: rules.ParseRecipe, loadFile: rules.LoadRecipeFile}

// RecipeNames returns the names of the embedded migration recipes, sorted.
func RecipeNames() []string { return recipes.names() }

// RecipeSource returns the YAML text of an embedded recipe.
func RecipeSource(name string) ([]byte, error) { return recipes.source(name) }

// LoadRecipe returns the recipe of that embedded name
// ("gf180mcu-to-sky130") or loads the YAML file at that path, by the same
// rule as Load. It does not resolve the recipe against its technologies:
// see LoadMigration.
func LoadRecipe(nameOrPath string) (*rules.Recipe, error) { return recipes.load(nameOrPath) }

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
