package constraints

import (
	"math"
	"testing"
)

// TestCostBudget: max-compute under budget.usd_per_year spends the budget
// every year, and the budget's shadow price is the compute it buys.
func TestCostBudget(t *testing.T) {
	// Only compute: a 1 kW accelerator costs $1000 ($1B per M) plus $1/kW
	// of new facility ($0.001B per GW). $10B a year buys 10/1.001 M a year,
	// all alive in 2030 (5-year life).
	v := with(computeOnly(), "budget.usd_per_year", 1e10)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	e := 10 / 1.001
	expectVals(t, sol, w.Compute.InstallEarth, e, e, e, e, e)
	expectVals(t, sol, w.Cost.Total, 10, 10, 10, 10, 10)
	expectVals(t, sol, w.Compute.EarthGW, cumulative(e, 5)...)
	expectVals(t, sol, w.Capital.Savings, 0, 0, 0, 0, 0)
	binds(t, w, sol, w.Capital.Budget, upto(5)...)
	// One more $B in year t buys 1/1.001 GW, counted fully in 2030 and at
	// 10⁻³/4 in each of the 4 − t earlier years it is alive, less the
	// 10⁻⁶ per $B spending term, plus 10⁻⁶ × its salvage value at the end
	// of 2030: an accelerator bought in 2026+t has t of its 5 years left,
	// a facility 15 + t of its 20.
	sp := sol.ShadowPrices(w.Capital.Budget)
	for i := 0; i < 5; i++ {
		salvage := (float64(i)/5 + 0.001*(15+float64(i))/20) / 1.001
		want := (1+float64(4-i)/4000)/1.001 - 1e-6 + 1e-6*salvage
		if !closeTo(sp[i], want, 1e-9) {
			t.Errorf("shadow price of capital.budget[%d] = %.12g, want %.12g", 2026+i, sp[i], want)
		}
	}
	// Spending under a budget is spending: objective = 2030 GW + tie-break
	// − 10⁻⁶ × $50B + 10⁻⁶ × salvage (2e + 0.00425e $B).
	obj := 5*e + 1e-3/4*(e+2*e+3*e+4*e) - 1e-6*50 + 1e-6*(2*e+0.00425*e)
	if !near(sol.Objective, obj) {
		t.Errorf("objective %.12g, want %.12g", sol.Objective, obj)
	}
}

// TestCostDiscount: discount factors run from the start year by the
// period's fraction of a year, taken where trajectories are read: the
// period's middle less half a year. A yearly period y (middle y + 0.5) is
// discounted by (y − 2026) years; a quarter y (middle y + 0.125) by
// y − 0.375 − 2026 years, so the first quarter of 2026 by −0.375 (a factor
// above 1) and the four quarters of a year by offsets −0.375, −0.125,
// +0.125, +0.375 from the year's own, which cancel: their factors' product
// is the yearly factor to the fourth power.
func TestCostDiscount(t *testing.T) {
	yearly, err := Build(with(loose(), "cost.discount_rate", 0.1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, y := range yearly.H.Years {
		if want := math.Pow(1.1, -(y - 2026)); !near(yearly.Cost.Discount[i], want) {
			t.Errorf("yearly Discount[%v] = %v, want %v", y, yearly.Cost.Discount[i], want)
		}
	}
	if !near(yearly.Cost.Discount[1], 1/1.1) {
		t.Errorf("yearly Discount[2027] = %v, want 1/1.1", yearly.Cost.Discount[1])
	}
	w, err := Build(with(loose(), "cost.discount_rate", 0.1, "horizon.step_years", 0.25), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, y := range w.H.Years {
		if want := math.Pow(1.1, -(y - 0.375 - 2026)); !near(w.Cost.Discount[i], want) {
			t.Errorf("Discount[%v] = %v, want %v", y, w.Cost.Discount[i], want)
		}
	}
	if !near(w.Cost.Discount[0], math.Pow(1.1, 0.375)) {
		t.Errorf("Discount[2026] = %v, want 1.1^0.375", w.Cost.Discount[0])
	}
	// A year later is one yearly factor later, and each year's four
	// quarters multiply to its yearly factor to the fourth.
	for q := 0; q+4 < len(w.H.Years); q++ {
		if r := w.Cost.Discount[q+4] / w.Cost.Discount[q]; !near(r, 1/1.1) {
			t.Errorf("Discount[%v]/Discount[%v] = %v, want 1/1.1", w.H.Years[q+4], w.H.Years[q], r)
		}
	}
	for y := 0; y < len(yearly.H.Years); y++ {
		p := 1.0
		for q := 4 * y; q < 4*y+4; q++ {
			p *= w.Cost.Discount[q]
		}
		if want := math.Pow(yearly.Cost.Discount[y], 4); !near(p, want) {
			t.Errorf("quarters of %v: product of discount factors %v, want %v", yearly.H.Years[y], p, want)
		}
	}
}

// TestCostTotals: cost.total is the sum of the components without the
// penalty, and the penalty enters the min-cost objective.
func TestCostTotals(t *testing.T) {
	// Power-limited Earth (see TestPowerBinds/grid): 2.5 M installs a year
	// at $1000 + $1/kW facility, 5 GW of grid at $1/kW, grid online
	// 5(t+1) GW × 8760 h × $1/MWh. Shortfall S[t] = 1000 − 2.5(t+1) GW at
	// $1e6/kW-yr = $1000B per GW-year, integrated over each year by the
	// trapezoid from the end of the last (S[−1] = 0): $1000B × (S[t−1] +
	// S[t])/2, and the gap left at the end of 2030 counts a year more
	// ($1000B × S[4] on top in 2030). A 5% discount rate makes spending as
	// late as it can be (else accelerators or halls could be bought early
	// at no extra cost and the split between years would not be unique).
	w, sol := solveOK(t, with(earthOnly(), "grid.new_gw_per_year", 5.0, "cost.discount_rate", 0.05), Options{})
	var obj float64
	short := func(i int) float64 {
		if i < 0 {
			return 0
		}
		return 1000 - 2.5*float64(i+1)
	}
	for i := 0; i < 5; i++ {
		total := 2.5*1.001 + 5*0.001 + 5*float64(i+1)*8760/1e6
		pen := 1000 * (short(i-1) + short(i)) / 2
		if i == 4 {
			pen += 1000 * short(4)
		}
		if got := sol.Values(w.Cost.Total)[i]; !near(got, total) {
			t.Errorf("cost.total[%d] = %.9g, want %.9g", 2026+i, got, total)
		}
		if got := sol.Eval(w.Cost.Components[CostPenalty][i]); !near(got, pen) {
			t.Errorf("penalty[%d] = %.9g, want %.9g", 2026+i, got, pen)
		}
		obj += (total + pen) / math.Pow(1.05, float64(i))
	}
	if !near(sol.Objective, obj) {
		t.Errorf("objective %.9g, want %.9g", sol.Objective, obj)
	}
}
