package constraints

import (
	"testing"
)

// TestBudgetIsAnnual: on quarterly periods a budget is still a year's.
// TestCostBudget's world (only compute, $10B a year, 1 kW accelerators at
// $1B per M plus $0.001B per GW of facility) on quarters: max-compute
// counts earlier compute in its tie-break, so each year's whole $10B buys
// 10/1.001 M accelerators in the year's first quarter, and nothing is
// carried from one year into the next. The end of 2030 has 5 × 10/1.001
// GW, as on yearly periods. The year's row sits at its fourth quarter,
// with the year's $10B as its capacity; the other quarters' rows are
// empty.
//
// One more $B for year 2026+i is spent in its first quarter: 1/1.001 GW
// alive in the last period and in 19 − 4i of the 19 periods before it
// (tie-break 10⁻³ × their mean), less 10⁻⁶ for the spending, plus 10⁻⁶ ×
// its salvage at the end of 2030 (i of the accelerator's 5 years left,
// 15 + i of the facility's 20).
func TestBudgetIsAnnual(t *testing.T) {
	v := with(computeOnly(), "budget.usd_per_year", 1e10, "horizon.step_years", 0.25)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute, Year: 2030.75})
	if w.H.N() != 20 {
		t.Fatalf("%d periods, want 20 quarters", w.H.N())
	}
	e := 10 / 1.001
	var installs, spent []float64
	for range 5 {
		installs = append(installs, e, 0, 0, 0)
		spent = append(spent, 10, 0, 0, 0)
	}
	expectVals(t, sol, w.Compute.InstallEarth, installs...)
	expectVals(t, sol, w.Cost.Total, spent...)
	expectVals(t, sol, w.Capital.Savings, make([]float64, 20)...)
	if got := sol.Values(w.Compute.EarthGW)[19]; !near(got, 5*e) {
		t.Errorf("compute at the end of 2030 = %.9g GW, want 5 × 10/1.001 = %.9g as on yearly periods", got, 5*e)
	}
	sp := sol.ShadowPrices(w.Capital.Budget)
	caps := w.Capacity["capital.budget"]
	for q := range sp {
		i := float64(q / 4)
		salvage := (i/5 + 0.001*(15+i)/20) / 1.001
		want, room := (1+(19-4*i)/19000)/1.001-1e-6+1e-6*salvage, 10.0
		if q%4 != 3 {
			want, room = 0, 0
		}
		if !closeTo(sp[q], want, 1e-9) {
			t.Errorf("shadow price of capital.budget[%v] = %.12g, want %.12g", w.H.Years[q], sp[q], want)
		}
		if got := sol.Eval(caps[q]); !near(got, room) {
			t.Errorf("capacity of capital.budget[%v] = $%vB, want $%vB", w.H.Years[q], got, room)
		}
	}
}

// TestEndsYear: the periods that end a calendar year, on yearly,
// quarterly, monthly and 0.3-year periods (a boundary inside a period
// counts for the period that contains it).
func TestEndsYear(t *testing.T) {
	for _, c := range []struct {
		step float64
		n    int
		want []int
	}{
		{1, 3, []int{0, 1, 2}},
		{0.25, 8, []int{3, 7}},
		{0.0833333333333, 24, []int{11, 23}},
		{0.3, 7, []int{3, 6}}, // 2026.9–2027.2 and 2027.8–2028.1
	} {
		h := Horizon{Step: c.step}
		for i := range c.n {
			h.Years = append(h.Years, 2026+float64(i)*c.step)
		}
		var got []int
		for i := range c.n {
			if h.EndsYear(i) {
				got = append(got, i)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("step %v: periods %v end a year, want %v", c.step, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("step %v: periods %v end a year, want %v", c.step, got, c.want)
				break
			}
		}
	}
}
