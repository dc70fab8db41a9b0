package constraints

import (
	"math"

	"teraplan/lp"
)

// growth limits how fast builds of one kind can be started, in the style
// of MESSAGEix's NEW_CAPACITY_CONSTRAINT_UP: nothing scales faster than
// its suppliers, so their rate of starts can grow each year by a share g
// plus an additive I that lets an industry start from none. With R[t] the
// fastest rate (builds a year) at the end of period t, R[−1] = 0, and a
// period of Δ years:
//
//	R[t] = (1+g)^Δ · R[t−1] + I · ((1+g)^Δ − 1)/g     (I·Δ when g = 0)
//	name[t]: starts[t] ≤ (Δ − b)·R[t−1] + b·R[t]
//	         b = (((1+g)^Δ − 1)/ln(1+g) − Δ)/((1+g)^Δ − 1)   (Δ/2 when g = 0)
//
// The rate composes exactly across period lengths: four quarterly steps
// are one yearly step R = (1+g)·R + I. The starts of a period are the rate
// integrated over it, exactly for a rate growing at the limit (b weighs the
// period's two end rates so), so a year holds as many starts on yearly
// periods as on quarterly ones: bounding a year's starts by its end-of-year
// rate would let yearly plans start up to a year's growth more.
//
// The rate is the suppliers' capacity to start builds, and it grows at its
// limit whether or not the plan uses it, so each period's limit is a
// number, not a row that chains the periods. (MESSAGEix bounds new capacity
// by the previous period's actual new capacity; on the built-in scenarios
// the plans' starts follow the limiting rate anyway: tying the rate to the
// starts moves seed-2026's max-compute 2030 and 2035 by under 1e-7 and its
// 2026–2075 quarterly min-cost by 0.07%.) An earlier model carried R[t] as
// a variable under R[t] ≤ (1+g)^Δ·R[t−1] + …; nothing else bounded it, so
// its largest path was always feasible and those rows were these limits in
// disguise, a chain through every period that took HiGHS's dual simplex
// over a third of a 200-quarter solve.
//
// For expansions the parameters are prefix+"starts_initial_per_year" (I,
// builds/yr) and prefix+"starts_growth_per_year" (g, 1/yr); rampLimit
// applies the same rows to any flow with its own keys (the launch rate).
//
// The rows are capacity rows (bottleneck analysis ranks and relaxes them,
// one period at a time: +10% on name[t] is 10% more starts in period t); a
// start that could never land inside the horizon is already bounded to
// zero by its builder.
func (w *World) growth(name string, starts *lp.VarFamily, prefix string) *lp.ConFamily {
	return w.rampLimit(name, starts, prefix+"starts_initial_per_year", prefix+"starts_growth_per_year", 1, math.Inf(-1))
}

// rampLimit is growth's rows for flow x (in LP units of scale × the
// parameter's unit per period) with initialKey as I and growthKey as g,
// the rate starting from zero in year from (a ramp that starts then; x is
// zero before it).
func (w *World) rampLimit(name string, x *lp.VarFamily, initialKey, growthKey string, scale, from float64) *lp.ConFamily {
	rate := w.rampRates(initialKey, growthKey, scale, from)
	n, dt := w.H.N(), w.H.Step
	growth := w.series(growthKey)
	rows := make([]lp.Row, n)
	for t := range n {
		// The period's volume weighs the rates at its two ends so that it
		// is exact for a rate growing at the limit, R(τ) = R·(1+g)^τ:
		// a + b = Δ and a + b·(1+g)^Δ = ((1+g)^Δ − 1)/ln(1+g). The
		// trapezoid (a = b = Δ/2) is the limit g → 0.
		b := dt / 2
		if g := growth[t]; g > 1e-9 {
			f := math.Pow(1+g, dt)
			b = ((f-1)/math.Log1p(g) - dt) / (f - 1)
		}
		before := 0.0
		if t > 0 {
			before = rate[t-1]
		}
		limit := math.Min((dt-b)*before+b*rate[t], noStartLimit)
		rows[t] = w.capacity(name, t, x.X(t), lp.Const(limit))
	}
	if w.StartLimits == nil {
		w.StartLimits = map[string]bool{}
	}
	w.StartLimits[w.scoped(name)] = true
	return w.rows(name, rows)
}

// noStartLimit caps a start-rate limit, in LP units a period: a rate that
// compounds for decades passes 10^15 (2^50 for a doubling over 50 years),
// which HiGHS would read as an excessively large bound (10^10 and up),
// and no plan starts a billion of anything a period.
const noStartLimit = 1e9

// rampRates is the fastest rate, in LP units of scale × the initial key's
// unit a year, at the end of each period under growth's rule, from zero
// at the end of the last period before from (and zero before it).
func (w *World) rampRates(initialKey, growthKey string, scale, from float64) []float64 {
	n, dt := w.H.N(), w.H.Step
	growth, initial := w.series(growthKey), w.series(initialKey)
	rate := make([]float64, n)
	prev := 0.0
	for t := range n {
		if w.H.Years[t] < from-1e-9 {
			continue // rate[t] = 0, and the next period starts from it
		}
		g, i := growth[t], initial[t]*scale
		f := math.Pow(1+g, dt)
		add := i * dt
		if g > 1e-12 {
			add = i * (f - 1) / g
		}
		rate[t] = f*prev + add
		prev = rate[t]
	}
	return rate
}
