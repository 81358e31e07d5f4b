package flow_test

import (
	"context"
	"fmt"
	"log"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/internal/flow"
	"github.com/layoutmig/layoutmig/techfiles"
)

// Migrate the demo cells to sky130, write the result and the report, and
// branch on the outcome as the migrate command does.
func ExampleMigrate() {
	r, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-sky130")
	if err != nil {
		log.Fatal(err)
	}
	res, err := flow.Migrate(context.Background(), demo.Library(), "@demo",
		flow.Options{Recipe: r, Source: src, Target: tgt, Output: "demo_sky130.gds"})
	if err != nil {
		log.Fatal(err)
	}
	if err := gds.WriteFile("demo_sky130.gds", res.Library); err != nil {
		log.Fatal(err)
	}
	if err := res.WriteReport("demo_sky130.json"); err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Cells {
		fmt.Printf("%s: %s, %d violations, nets kept: %v\n", c.Cell, c.Status, c.Violations, c.NetsOK != nil && *c.NetsOK)
	}
	if res.ExitStatus() != 0 {
		fmt.Println("failed cells:", res.Failed())
	}
}
