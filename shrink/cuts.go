package shrink

import (
	"errors"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// retargetCuts is the cuts transform (not implemented yet: New refuses
// recipes that list it).
func (m *Migrator) retargetCuts(nc *layout.Cell, t *rules.Transform, st *CellStats) error {
	return errors.New("transform cuts is not implemented yet")
}
