package layout

// Ref is a placement of a cell: a GDSII SREF, or an AREF when Cols*Rows > 1
// or IsArray is set. Arrays stay arrays: instance (i, j) sits at
// Origin + i*ColStep + j*RowStep in the parent, for 0 <= i < Cols and
// 0 <= j < Rows.
type Ref struct {
	Cell   *Cell
	Trans  Strans
	Origin Point
	// IsArray marks an AREF (even a 1 x 1 one).
	IsArray          bool
	Cols, Rows       int
	ColStep, RowStep Point
	Info             *ElementInfo
}

// Count is the number of instances the reference places.
func (r *Ref) Count() int {
	if !r.IsArray {
		return 1
	}
	return r.Cols * r.Rows
}

// Transform is the placement transform of instance (0, 0).
func (r *Ref) Transform() Transform { return TransformOf(r.Trans, r.Origin) }

// InstanceTransform is the placement transform of instance (i, j).
func (r *Ref) InstanceTransform(i, j int) Transform {
	o := r.Origin
	if r.IsArray {
		o = Point{
			clamp32(int64(o.X) + int64(i)*int64(r.ColStep.X) + int64(j)*int64(r.RowStep.X)),
			clamp32(int64(o.Y) + int64(i)*int64(r.ColStep.Y) + int64(j)*int64(r.RowStep.Y)),
		}
	}
	return TransformOf(r.Trans, o)
}

// ArrayPoints returns the three GDSII AREF points: origin, origin displaced
// by Cols column steps, and origin displaced by Rows row steps.
func (r *Ref) ArrayPoints() [3]Point {
	return [3]Point{
		r.Origin,
		{clamp32(int64(r.Origin.X) + int64(r.Cols)*int64(r.ColStep.X)), clamp32(int64(r.Origin.Y) + int64(r.Cols)*int64(r.ColStep.Y))},
		{clamp32(int64(r.Origin.X) + int64(r.Rows)*int64(r.RowStep.X)), clamp32(int64(r.Origin.Y) + int64(r.Rows)*int64(r.RowStep.Y))},
	}
}
