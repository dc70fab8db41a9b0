package plans

import "math"

// TopBottlenecks returns, for each period of the plan, the capacity family
// whose row in that period matters most to the objective, or "" when no
// capacity row binds. It reads the solved plan's own duals, without
// re-solving: a row's weight is |shadow price × capacity|, the change in
// objective per 100% more of that capacity (in a max-compute plan, the
// elasticity of limits times compute, so the ranking agrees with Limits').
// Ties go to the family that sorts first. It returns nil if the solution
// has no duals.
func (r *Result) TopBottlenecks() []string {
	w, sol := r.World, r.Solution
	if !sol.HasDuals {
		return nil
	}
	n := w.H.N()
	top := make([]string, n)
	weight := make([]float64, n)
	for _, c := range w.Model.ConFamilies() {
		caps, ok := w.Capacity[c.Name()]
		if !ok {
			continue
		}
		for t, price := range sol.ShadowPrices(c) {
			if t >= n || t >= len(caps) {
				continue
			}
			x := math.Abs(price * sol.Eval(caps[t]))
			if x < 1e-9 {
				continue
			}
			if x > weight[t] || (x == weight[t] && c.Name() < top[t]) {
				top[t], weight[t] = c.Name(), x
			}
		}
	}
	return top
}

// YearSummaries returns the plan's summary rows (what Report puts in
// Summary) without assembling the rest of the report: the cheap view a
// sweep records for each of thousands of runs.
func (r *Result) YearSummaries() []YearSummary {
	out := make([]YearSummary, r.World.H.N())
	for t := range out {
		out[t] = r.summary(t)
	}
	return out
}
