package constraints

import (
	"math"
	"strings"

	"teraplan/lp"
)

// growth limits how fast builds of one kind can be started, in the style
// of MESSAGEix's NEW_CAPACITY_CONSTRAINT_UP: nothing scales faster than
// its suppliers, so the start rate can grow each year by a share g plus an
// additive I that lets an industry start from none. With R[t] the rate
// (builds a year) at the end of period t, R[−1] = 0, and a period of Δ
// years:
//
//	name[t]:        R[t] ≤ (1+g)^Δ · R[t−1] + I · ((1+g)^Δ − 1)/g     (I·Δ when g = 0)
//	name_volume[t]: starts[t] ≤ (Δ − b)·R[t−1] + b·R[t]
//	                b = (((1+g)^Δ − 1)/ln(1+g) − Δ)/((1+g)^Δ − 1)   (Δ/2 when g = 0)
//
// The rate row composes exactly across period lengths: four quarterly steps
// are one yearly step R ≤ (1+g)·R + I. The starts of a period are the rate
// integrated over it, exactly for a rate growing at the limit (b weighs the
// period's two end rates so), so a year holds as many starts on yearly
// periods as on quarterly ones: bounding a year's starts by its end-of-year
// rate would let yearly plans start up to a year's growth more.
// For expansions the parameters are prefix+"starts_initial_per_year" (I,
// builds/yr) and prefix+"starts_growth_per_year" (g, 1/yr); rampLimit
// applies the same rows to any flow with its own keys (the launch rate).
//
// The rate rows are capacity rows (bottleneck analysis ranks and relaxes
// them); a start that could never land inside the horizon is already
// bounded to zero by its builder.
func (w *World) growth(name string, starts *lp.VarFamily, prefix string) *lp.ConFamily {
	return w.rampLimit(name, strings.TrimSuffix(name, "_growth")+"_start_rate", starts,
		prefix+"starts_initial_per_year", prefix+"starts_growth_per_year", 1, math.Inf(-1))
}

// rampLimit is growth's rows for flow x (in LP units of scale × the
// parameter's unit per period) with rate variables rateName, initialKey as
// I and growthKey as g, the rate starting from zero in year from (a ramp
// that starts then; x is zero before it).
func (w *World) rampLimit(name, rateName string, x *lp.VarFamily, initialKey, growthKey string, scale, from float64) *lp.ConFamily {
	n, dt := w.H.N(), w.H.Step
	rate := w.vars(rateName, lp.NonNeg())
	rows, volume := make([]lp.Row, n), make([]lp.Row, n)
	growth, initial := w.series(growthKey), w.series(initialKey)
	var capacity, flow lp.Builder // the rows' right-hand sides, one array each
	capacity.Grow(n)
	flow.Grow(2 * n)
	for t := 0; t < n; t++ {
		g := growth[t]
		i := initial[t] * scale
		f := math.Pow(1+g, dt)
		add := i * dt
		if g > 1e-12 {
			add = i * (f - 1) / g
		}
		// The period's volume weighs the rates at its two ends so that it
		// is exact for a rate growing at the limit, R(τ) = R·(1+g)^τ:
		// a + b = Δ and a + b·(1+g)^Δ = ((1+g)^Δ − 1)/ln(1+g). The
		// trapezoid (a = b = Δ/2) is the limit g → 0.
		b := dt / 2
		if g > 1e-9 {
			b = ((f-1)/math.Log1p(g) - dt) / (f - 1)
		}
		capacity.Reset()
		capacity.AddExpr(lp.Const(add))
		flow.Reset()
		flow.Add(b, rate.At(t))
		if t > 0 && w.H.Years[t-1] >= from-1e-9 {
			capacity.Add(f, rate.At(t-1))
			flow.Add(dt-b, rate.At(t-1))
		}
		if w.H.Years[t] < from-1e-9 {
			w.bound(rate, t, 0, 0)
		}
		rows[t] = w.capacity(name, t, rate.X(t), capacity.Expr())
		// The rate is only as high as the starts need: without a price a
		// solver may leave it anywhere below a limit that compounds for
		// decades (2^50 for a doubling over 50 years), which no
		// floating-point arithmetic survives.
		w.tieBreak.Add(1, rate.At(t))
		volume[t] = lp.LE(x.X(t), flow.Expr())
	}
	c := w.rows(name, rows)
	w.rows(name+"_volume", volume)
	if w.Compounds == nil {
		w.Compounds = map[string]bool{}
	}
	w.Compounds[w.scoped(name)] = true
	return c
}
