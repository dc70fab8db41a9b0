package constraints

import (
	"math"

	"teraplan/lp"
)

// growth limits how fast builds of one kind can be started, in the style
// of MESSAGEix's NEW_CAPACITY_CONSTRAINT_UP: nothing scales faster than
// its suppliers, so starts can grow each year by a share g of the previous
// rate plus an additive I that lets an industry start from none.
//
//	name[t]: starts[t] ≤ (1+g)^Δ · starts[t−1] + Δ · I · ((1+g)^Δ − 1)/g
//
// in starts per period of Δ years (starts[−1] = 0). Read as rates r = starts/Δ the row
// is r[t] ≤ (1+g)^Δ·r[t−1] + I·((1+g)^Δ − 1)/g, whose four quarterly steps
// compose exactly into one yearly step r ≤ (1+g)·r + I: the limit does not
// depend on the period length. With g = 0 the additive
// term is I·Δ as a rate, I·Δ² in starts.
// For expansions the parameters are prefix+"starts_initial_per_year" (I,
// builds/yr) and prefix+"starts_growth_per_year" (g, 1/yr); rampLimit
// applies the same row to any flow with its own keys (the launch rate).
//
// The rows are capacity rows (bottleneck analysis ranks and relaxes them);
// a start that could never land inside the horizon is already bounded to
// zero by its builder.
func (w *World) growth(name string, starts *lp.VarFamily, prefix string) *lp.ConFamily {
	return w.rampLimit(name, starts, prefix+"starts_initial_per_year", prefix+"starts_growth_per_year", 1, math.Inf(-1))
}

// rampLimit is growth's row for flow x (in LP units of scale × the
// parameter's unit) with initialKey as I and growthKey as g, counting the
// previous period only from year from on (a ramp that starts then).
func (w *World) rampLimit(name string, x *lp.VarFamily, initialKey, growthKey string, scale, from float64) *lp.ConFamily {
	n, dt := w.H.N(), w.H.Step
	starts := x
	rows := make([]lp.Row, n)
	for t := 0; t < n; t++ {
		g := w.at(growthKey, t)
		i := w.at(initialKey, t) * scale
		f := math.Pow(1+g, dt)
		add := i * dt * dt
		if g > 1e-12 {
			add = i * dt * (f - 1) / g
		}
		capacity := lp.Const(add)
		if t > 0 && w.H.Years[t-1] >= from-1e-9 {
			capacity = capacity.AddTerm(f, starts.At(t-1))
		}
		rows[t] = w.capacity(name, t, starts.X(t), capacity)
	}
	return w.rows(name, rows)
}
