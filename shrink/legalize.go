package shrink

import (
	"errors"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// legalize is the legalize transform (not implemented yet: New refuses
// recipes that list it).
func (m *Migrator) legalize(nc *layout.Cell, t *rules.Transform, st *CellStats) error {
	return errors.New("transform legalize is not implemented yet")
}
