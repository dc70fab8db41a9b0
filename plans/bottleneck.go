package plans

import (
	"math"
	"sort"
	"strings"
)

// TopBottlenecks returns, for each period of the plan, the capacity family
// whose row in that period matters most to the objective, or "" when no
// capacity row binds. It reads the solved plan's own duals, without
// re-solving: a row's weight is |shadow price × capacity|, the change in
// objective per 100% more of that capacity (in a max-compute plan, the
// elasticity of limits times compute, so the ranking agrees with Limits').
// Ties go to the family that sorts first. It returns nil if the solution
// has no duals.
func (r *Result) TopBottlenecks() []string {
	if !r.Solution.HasDuals {
		return nil
	}
	return r.topBottlenecksBy(func(string) string { return "" })[""]
}

// topBottlenecksBy is TopBottlenecks for each group of capacity families:
// group names the group a family's rows count toward ("" for every family
// in a one-region plan; its region with regions), and an unknown group's
// families are skipped. The plan must have duals.
func (r *Result) topBottlenecksBy(group func(family string) string, groups ...string) map[string][]string {
	w, sol := r.World, r.Solution
	n := w.H.N()
	top, weight := map[string][]string{}, map[string][]float64{}
	if len(groups) == 0 {
		groups = []string{""}
	}
	for _, g := range groups {
		top[g], weight[g] = make([]string, n), make([]float64, n)
	}
	for _, c := range w.Model.ConFamilies() {
		caps, ok := w.Capacity[c.Name()]
		if !ok {
			continue
		}
		g := group(c.Name())
		top, wt := top[g], weight[g]
		if top == nil {
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
			if x > wt[t] || (x == wt[t] && c.Name() < top[t]) {
				top[t], wt[t] = c.Name(), x
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

// Chain is one bottleneck: limits of the same year that bind together
// with the same elasticity, reported once with all its members. When a
// flow passes through several capacities in series (satellite power needs
// mass launched, which needs flights of the fleet), relaxing any one
// alone buys nothing, so the dual splits one scarcity among them and each
// shows the same elasticity; re-solves of a single member disagree with
// its dual.
type Chain struct {
	Year       float64 `json:"year"`
	Elasticity float64 `json:"elasticity"`
	// Members are the rows of the chain, by family name, sorted.
	Members []string `json:"members"`
	Label   string   `json:"label"`
	// GainPlus10 is the largest exact gain (GW) of re-solving one member
	// at ×1.1, when members were re-solved.
	GainPlus10 *float64 `json:"gain_plus_10pct_gw,omitempty"`
	// Disagrees is set when the ±10% re-solve of any member disagrees
	// with its dual.
	Disagrees bool `json:"dual_disagrees_with_resolve"`
}

// chainTolerance is how close two elasticities must be, relative to the
// larger, to count as one chain.
const chainTolerance = 1e-3

// Chains groups limits into bottlenecks: limits of the same year whose
// elasticities agree within chainTolerance (relative) are one chain. The
// chains come strongest first, ties by year and first member; a limit
// binding alone is a chain of one.
func Chains(limits []Limit) []Chain {
	var out []Chain
	used := make([]bool, len(limits))
	for i, l := range limits {
		if used[i] {
			continue
		}
		c := Chain{Year: l.Year, Elasticity: l.Elasticity, Members: []string{l.Family}, Disagrees: l.Disagrees, GainPlus10: l.GainPlus10}
		labels := []string{l.Label}
		for j := i + 1; j < len(limits); j++ {
			m := limits[j]
			if used[j] || m.Year != l.Year || !sameElasticity(m.Elasticity, l.Elasticity) {
				continue
			}
			used[j] = true
			c.Members = append(c.Members, m.Family)
			labels = append(labels, m.Label)
			c.Disagrees = c.Disagrees || m.Disagrees
			if m.GainPlus10 != nil && (c.GainPlus10 == nil || *m.GainPlus10 > *c.GainPlus10) {
				c.GainPlus10 = m.GainPlus10
			}
		}
		sort.Strings(c.Members)
		sort.Strings(labels)
		c.Label = strings.Join(labels, " = ")
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Elasticity != b.Elasticity {
			return a.Elasticity > b.Elasticity
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.Members[0] < b.Members[0]
	})
	return out
}

func sameElasticity(a, b float64) bool {
	return math.Abs(a-b) <= chainTolerance*math.Max(math.Abs(a), math.Abs(b))
}
