package plans_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
)

// twoSources is seed-2026 cut down to one year and two interchangeable
// ways to run 10 GW of AI: on Earth, where a data-centre hall costs
// $100/kW of IT and nothing else is priced (power, chips, memory, launch,
// solar, labour and robots switched off: free and unlimited), and in
// orbit, where satellite hardware costs $0.104/W = $104/kW and nothing
// else is priced. Accelerators cost nothing, so 1 GW costs $0.100B on
// Earth and $0.104B in orbit, and the cheapest plan is 10 GW on Earth for
// $1.000B. A GW short of the target costs $10,000/kW-yr = $10B a year,
// integrated over the year by the trapezoid from no shortfall at its start
// (half a year, $5B) plus one more year for a gap left at the end of the
// horizon ($10B): $15B.
func twoSources(t *testing.T) plans.Input {
	t.Helper()
	return seedInput(t,
		"horizon.start_year=2026", "horizon.end_year=2026", "horizon.step_years=1",
		"modules.power=false", "modules.chips=false", "modules.memory=false", "modules.launch=false",
		"modules.solar=false", "modules.labour=false", "modules.robots=false", "modules.lunar=false",
		"target.compute_gw=10", "compute.initial_earth_gw=0", "accelerator.cost_usd=0",
		"earth.facility_usd_per_kw=100", "space.hardware_usd_per_w=0.104", "space.first_year=2026",
		"space.it_fraction=1", "accelerator.it_kw=1", "target.shortfall_usd_per_kw=10000",
		// Nothing outlives the one year, so no salvage is credited; no
		// budget, so no capital module; no servers beside the
		// accelerators in orbit; satellite factories never bind.
		"earth.plant_lifetime_years=1", "space.lifetime_years=1", "accelerator.lifetime_years=1",
		"budget.usd_per_year=0", "accelerator.server_overhead=0", "space.manufacturing_mt_per_year_existing=1e6")
}

func alternatives(t *testing.T, in plans.Input, opt plans.AlternativesOptions) *plans.AlternativesResult {
	t.Helper()
	a, err := plans.Alternatives(context.Background(), in, opt, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func rangeOf(t *testing.T, rep *plans.AlternativesReport, spec string) plans.RangeOf {
	t.Helper()
	for _, q := range rep.Quantities {
		if q.Spec == spec {
			return q
		}
	}
	t.Fatalf("no quantity %s in %+v", spec, rep.Quantities)
	return plans.RangeOf{}
}

// TestAlternativesTwoSources checks the near-optimal ranges against the
// arithmetic. Earth e, orbit o and shortfall x GW cost
// 0.100·e + 0.104·o + 10·x $B with e + o + x ≥ 10. At 5% slack the bound
// is $1.05B: all-orbit costs $1.04B, so orbit can carry everything (share
// up to 100%, orbit up to 1.05/0.104 = 10.096 GW); Earth can be 0 or as
// much as 1.05/0.1 = 10.5 GW; compute can fall short by x (at $15B/GW,
// each replacing $0.1B of Earth) with 1 + 14.9·x ≤ 1.05, so it is at least
// 10 − 0.05/14.9 GW. At 3% ($1.03B),
// with e = 10 − o the cost is 1 + 0.004·o ≤ 1.03, so o ≤ 7.5: orbit
// carries at most 75% (a shortfall only makes the share smaller), and
// Earth at least 2.5 GW. At zero slack every range is the optimum.
func TestAlternativesTwoSources(t *testing.T) {
	in := twoSources(t)
	explore := []string{"orbit_share:2026", "orbit_gw:2026", "earth_gw:2026", "compute_gw:2026"}
	// The cheapest plan at each extreme: all-orbit costs $1.04B; at 3%
	// 7.5 GW of orbit cost 1 + 0.004·7.5 = $1.03B; the most Earth or
	// compute spends the whole bound; the least orbit or share is the
	// optimum, $1B; the least Earth at 5% is all-orbit, at 3% 2.5 GW.
	measures := map[float64]map[string][2]float64{
		0.05: {"orbit_share:2026": {1, 1.04}, "orbit_gw:2026": {1, 1.05}, "earth_gw:2026": {1.04, 1.05}, "compute_gw:2026": {1.05, 1.05}},
		0.03: {"orbit_share:2026": {1, 1.03}, "orbit_gw:2026": {1, 1.03}, "earth_gw:2026": {1.03, 1.03}, "compute_gw:2026": {1.03, 1.03}},
		0:    {"orbit_share:2026": {1, 1}, "orbit_gw:2026": {1, 1}, "earth_gw:2026": {1, 1}, "compute_gw:2026": {1, 1}},
	}
	cases := []struct {
		slack float64
		want  map[string][2]float64 // spec → min, max
	}{
		{0.05, map[string][2]float64{
			"orbit_share:2026": {0, 100}, "orbit_gw:2026": {0, 1.05 / 0.104},
			"earth_gw:2026": {0, 10.5}, "compute_gw:2026": {10 - 0.05/14.9, 10.5}}},
		{0.03, map[string][2]float64{
			"orbit_share:2026": {0, 75}, "orbit_gw:2026": {0, 7.5},
			"earth_gw:2026": {2.5, 10.3}, "compute_gw:2026": {10 - 0.03/14.9, 10.3}}},
		{0, map[string][2]float64{
			"orbit_share:2026": {0, 0}, "orbit_gw:2026": {0, 0},
			"earth_gw:2026": {10, 10}, "compute_gw:2026": {10, 10}}},
	}
	for _, c := range cases {
		a := alternatives(t, in, plans.AlternativesOptions{Slack: c.slack, Explore: explore})
		rep := a.Report
		if !relNear(rep.NearOptimal.Optimum, 1.0, 1e-7) || !relNear(rep.NearOptimal.Bound, 1+c.slack, 1e-7) {
			t.Errorf("slack %v: optimum %v bound %v, want 1 and %v", c.slack, rep.NearOptimal.Optimum, rep.NearOptimal.Bound, 1+c.slack)
		}
		for spec, want := range c.want {
			r := rangeOf(t, rep, spec)
			// The bound's 10⁻⁹ tolerance buys 2.5·10⁻⁷ GW of orbit.
			if !relNear(r.Min, want[0], 1e-5) || !relNear(r.Max, want[1], 1e-5) {
				t.Errorf("slack %v: %s in [%v, %v], want [%v, %v]", c.slack, spec, r.Min, r.Max, want[0], want[1])
			}
			// Every extreme plan is near-optimal, the cheapest that
			// reaches its extreme, and the optimal plan's value lies
			// inside the range.
			for side, e := range []plans.Extreme{r.MinPlan, r.MaxPlan} {
				if e.Measure > rep.NearOptimal.Bound+1e-7 {
					t.Errorf("slack %v: %s: an extreme plan costs %v > bound %v", c.slack, spec, e.Measure, rep.NearOptimal.Bound)
				}
				// Holding an extreme to 10⁻⁷ of it lets the least
				// compute's shortfall shrink by 10⁻⁶ GW, $1.5·10⁻⁵B.
				if want := measures[c.slack][spec][side]; !relNear(e.Measure, want, 2e-5) || e.Status != "Optimal" {
					t.Errorf("slack %v: %s: extreme %d costs %v (%s), want %v", c.slack, spec, side, e.Measure, e.Status, want)
				}
			}
			if r.Optimal < r.Min || r.Optimal > r.Max {
				t.Errorf("slack %v: %s optimal %v outside [%v, %v]", c.slack, spec, r.Optimal, r.Min, r.Max)
			}
		}
		if s := rangeOf(t, rep, "orbit_share:2026"); s.Optimal != 0 || s.Unit != "%" {
			t.Errorf("orbit share in the cheapest plan: %v %s, want 0 %%", s.Optimal, s.Unit)
		}
	}
}

// TestAlternativesRatioIndependently checks the orbit share's range in
// 2035 on the default scenario, found by Dinkelbach's iterations, by a
// route that needs no ratio: the least cost of a plan with
// orbit ≥ s·(Earth + orbit) (or ≤), which is linear in the plan. Just inside
// an end of the range that cost is within the bound; just outside, not.
func TestAlternativesRatioIndependently(t *testing.T) {
	in := seedInput(t)
	a := alternatives(t, in, plans.AlternativesOptions{Slack: 0.05, Explore: []string{"orbit_share:2035"}})
	r := a.Report.Quantities[0]
	bound := a.Report.NearOptimal.Bound
	for _, n := range []int{r.MinPlan.Solves, r.MaxPlan.Solves} {
		if n < 1 || n > 10 {
			t.Errorf("Dinkelbach took %d solves", n)
		}
	}
	// leastCost is the least cost with the orbit share in 2035 at least
	// (or at most) share.
	leastCost := func(share float64, atLeast bool) float64 {
		w, err := constraints.Build(in.Values, constraints.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t35, err := w.H.Period(2035)
		if err != nil {
			t.Fatal(err)
		}
		row := lp.GE(w.Compute.OrbitGW.X(t35), w.Compute.TotalGW(t35).Scale(share))
		if !atLeast {
			row = lp.LE(w.Compute.OrbitGW.X(t35), w.Compute.TotalGW(t35).Scale(share))
		}
		if _, err := w.Model.AddConstraints("test.share", lp.Labels("x"), []lp.Row{row}); err != nil {
			t.Fatal(err)
		}
		sol, err := w.Model.Solve(context.Background(), lp.Options{})
		if errors.Is(err, lp.ErrInfeasible) {
			return math.Inf(1)
		}
		if err != nil {
			t.Fatal(err)
		}
		return sol.Objective
	}
	const d = 0.002 // 0.2 percentage points
	checked := 0
	if r.Max < 100-0.5 {
		checked++
		if c := leastCost(r.Max/100-d, true); c > bound {
			t.Errorf("orbit share ≥ %.3f%% costs at least %v, above the bound %v", r.Max-100*d, c, bound)
		}
		if c := leastCost(r.Max/100+d, true); c <= bound {
			t.Errorf("orbit share ≥ %.3f%% costs %v, within the bound %v: the maximum %v%% is too low", r.Max+100*d, c, bound, r.Max)
		}
	}
	if r.Min > 0.5 {
		checked++
		if c := leastCost(r.Min/100+d, false); c > bound {
			t.Errorf("orbit share ≤ %.3f%% costs at least %v, above the bound %v", r.Min+100*d, c, bound)
		}
		if c := leastCost(r.Min/100-d, false); c <= bound {
			t.Errorf("orbit share ≤ %.3f%% costs %v, within the bound %v: the minimum %v%% is too high", r.Min-100*d, c, bound, r.Min)
		}
	}
	if checked == 0 {
		t.Errorf("orbit share range [%v, %v]: neither end is interior, nothing checked", r.Min, r.Max)
	}
	if r.Optimal < r.Min || r.Optimal > r.Max || r.Min >= r.Max {
		t.Errorf("orbit share range [%v, %v], optimal %v", r.Min, r.Max, r.Optimal)
	}
}

// TestAlternativesDefaultScenario runs the default quantities on the
// default scenario: every range holds the optimal plan's value, every
// extreme plan is near-optimal, and each extreme, fixed as a constraint
// while minimising cost, is reachable within the bound while a little
// more is not.
func TestAlternativesDefaultScenario(t *testing.T) {
	in := seedInput(t)
	a := alternatives(t, in, plans.AlternativesOptions{Slack: plans.DefaultSlack, KeepPlans: true})
	rep := a.Report
	if len(rep.Quantities) != len(plans.DefaultExplore) {
		t.Fatalf("%d quantities, want the %d defaults", len(rep.Quantities), len(plans.DefaultExplore))
	}
	// The report keeps 9 significant digits: within half a unit of the
	// ninth, at most 5·10⁻⁹ relative.
	if !relNear(rep.NearOptimal.Optimum, a.Optimal.Solution.Objective, 5e-9) {
		t.Errorf("optimum %v, the plan's objective %v", rep.NearOptimal.Optimum, a.Optimal.Solution.Objective)
	}
	for i, r := range rep.Quantities {
		if r.Optimal < r.Min || r.Optimal > r.Max {
			t.Errorf("%s: optimal %v outside [%v, %v]", r.Spec, r.Optimal, r.Min, r.Max)
		}
		for side, e := range []plans.Extreme{r.MinPlan, r.MaxPlan} {
			if e.Measure > rep.NearOptimal.Bound*(1+1e-9) {
				t.Errorf("%s: extreme plan costs %v > %v", r.Spec, e.Measure, rep.NearOptimal.Bound)
			}
			res := a.Plans[i][side]
			if res == nil || !relNear(res.Solution.Eval(res.World.Cost.Objective), e.Measure, 1e-8) {
				t.Errorf("%s: kept plan %d does not match its measure", r.Spec, side)
			}
		}
		t.Logf("%s (%s): [%v, %v], optimal %v", r.Spec, r.Unit, r.Min, r.Max, r.Optimal)
	}
	// The Earth 2030 maximum, checked by fixing it: earth_gw[2030] ≥ max
	// fits the bound, ≥ max + 1% does not.
	r := rangeOf(t, rep, "earth_gw:2030")
	leastCost := func(atLeast float64) (float64, error) {
		w, err := constraints.Build(in.Values, constraints.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t30, _ := w.H.Period(2030)
		row := lp.GE(w.Compute.EarthGW.X(t30), lp.Const(atLeast))
		if _, err := w.Model.AddConstraints("test.earth", lp.Labels("x"), []lp.Row{row}); err != nil {
			t.Fatal(err)
		}
		sol, err := w.Model.Solve(context.Background(), lp.Options{})
		if err != nil {
			return math.Inf(1), err
		}
		return sol.Objective, nil
	}
	if c, err := leastCost(r.Max * (1 - 1e-6)); err != nil || c > rep.NearOptimal.Bound*(1+1e-9) {
		t.Errorf("Earth at its maximum %v GW costs %v (%v), above the bound %v", r.Max, c, err, rep.NearOptimal.Bound)
	}
	if c, err := leastCost(r.Max * 1.01); err == nil && c <= rep.NearOptimal.Bound {
		t.Errorf("Earth at 1%% above its maximum costs %v, within the bound %v", c, rep.NearOptimal.Bound)
	}
	// Wider slack, wider ranges.
	wide := alternatives(t, in, plans.AlternativesOptions{Slack: 0.2})
	for i, r := range wide.Report.Quantities {
		n := rep.Quantities[i]
		if r.Min > n.Min+1e-6*math.Max(1, math.Abs(n.Min)) || r.Max < n.Max-1e-6*math.Max(1, math.Abs(n.Max)) {
			t.Errorf("%s: 20%% slack gives [%v, %v], narrower than 5%%'s [%v, %v]", r.Spec, r.Min, r.Max, n.Min, n.Max)
		}
	}
}

// TestAlternativesMaxCompute bounds compute in the target year from below
// and checks the extremes keep it there.
func TestAlternativesMaxCompute(t *testing.T) {
	in := seedInput(t)
	opt := plans.AlternativesOptions{Options: plans.Options{Mode: constraints.MaxCompute, Year: 2030}, Slack: 0.05}
	a := alternatives(t, in, opt)
	rep := a.Report
	most := a.Optimal.Solution.Eval(a.Optimal.World.Compute.TotalGW(a.Optimal.World.H.N() - 1))
	// 5·10⁻⁹: the report keeps 9 significant digits.
	if !relNear(rep.NearOptimal.Optimum, most, 5e-9) || !relNear(rep.NearOptimal.Bound, 0.95*most, 1e-8) || rep.NearOptimal.Sense != "at least" {
		t.Errorf("near-optimal %+v, want at least 0.95 × %v", rep.NearOptimal, most)
	}
	if rep.Year != 2030 {
		t.Errorf("year %v", rep.Year)
	}
	// Defaults past 2030 move to 2030, with a note.
	want := map[string]bool{"orbit_share:2030": true, "earth_gw:2030": true, "launches:2030": true, "fabs_started": true}
	for _, r := range rep.Quantities {
		if !want[r.Spec] {
			t.Errorf("unexpected default %s", r.Spec)
		}
		for _, e := range []plans.Extreme{r.MinPlan, r.MaxPlan} {
			if e.Measure < rep.NearOptimal.Bound-1e-7 {
				t.Errorf("%s: extreme plan has %v GW < %v", r.Spec, e.Measure, rep.NearOptimal.Bound)
			}
		}
		if r.Optimal < r.Min || r.Optimal > r.Max {
			t.Errorf("%s: optimal %v outside [%v, %v]", r.Spec, r.Optimal, r.Min, r.Max)
		}
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "orbit_share:2035 is past the last period") {
		t.Errorf("notes %q do not explain the moved defaults", rep.Notes)
	}
	// Compute in 2030 itself: at most the optimum, at least the bound.
	b := alternatives(t, in, plans.AlternativesOptions{Options: opt.Options, Slack: 0.05, Explore: []string{"compute_gw:2030"}})
	r := b.Report.Quantities[0]
	if !relNear(r.Max, most, 1e-7) || !relNear(r.Min, 0.95*most, 1e-7) {
		t.Errorf("compute in 2030 in [%v, %v], want [%v, %v]", r.Min, r.Max, 0.95*most, most)
	}
}

func TestAlternativesBadInput(t *testing.T) {
	in := seedInput(t)
	for _, c := range []struct {
		explore []string
		want    string
	}{
		{[]string{"orbit_power:2030"}, "unknown quantity"},
		{[]string{"earth_gw"}, "give a year"},
		{[]string{"earth_gw:2031.5"}, "not a period"},
		{[]string{"earth_gw:soon"}, "not a number"},
		{[]string{"launches:2090"}, "no period"},
		{[]string{"launches:2030.5"}, "whole year"},
		{[]string{}, "nothing to explore"},
	} {
		_, err := plans.Alternatives(context.Background(), in, plans.AlternativesOptions{Explore: c.explore}, testVersions)
		var qe *plans.QuantityError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want a QuantityError with %q", c.explore, err, c.want)
		}
	}
	if _, err := plans.Alternatives(context.Background(), in, plans.AlternativesOptions{Slack: -0.1}, testVersions); err == nil {
		t.Error("negative slack accepted")
	}
	noSpace := seedInput(t, "modules.space=false")
	_, err := plans.Alternatives(context.Background(), noSpace, plans.AlternativesOptions{Explore: []string{"orbit_share:2030"}}, testVersions)
	if err == nil || !strings.Contains(err.Error(), "space module") {
		t.Errorf("orbit share without space: %v", err)
	}
	// The defaults leave out what the scenario switched off, with a note.
	a := alternatives(t, noSpace, plans.AlternativesOptions{Slack: 0.01})
	if len(a.Report.Quantities) != len(plans.DefaultExplore)-1 || !strings.Contains(strings.Join(a.Report.Notes, " "), "left out") {
		t.Errorf("defaults without space: %d quantities, notes %q", len(a.Report.Quantities), a.Report.Notes)
	}
}

// TestAlternativesDeterministic: the same input gives the same bytes,
// whatever the number of workers.
func TestAlternativesDeterministic(t *testing.T) {
	in := twoSources(t)
	opt := plans.AlternativesOptions{Slack: 0.03, Explore: []string{"orbit_share:2026", "earth_gw:2026"}}
	var docs []string
	for _, workers := range []int{1, 3} {
		opt.Workers = workers
		b, err := json.Marshal(alternatives(t, in, opt).Report)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	if docs[0] != docs[1] {
		t.Errorf("reports differ:\n%s\n%s", docs[0], docs[1])
	}
}

// TestAlternativesSamples draws random-direction plans on the two-source
// scenario at 3% slack: each lies in the near-optimal set drawn by hand
// (0.1·e + 0.104·o ≤ 1.03 $B with a shortfall only at $15B/GW, see
// twoSources, so e + o ≥ 10 − 0.03/14.9), inside every range, and beats the optimal plan
// in its own direction; the directions are unit vectors fixed by the seed.
func TestAlternativesSamples(t *testing.T) {
	in := twoSources(t)
	opt := plans.AlternativesOptions{Slack: 0.03, Explore: []string{"earth_gw:2026", "orbit_gw:2026", "orbit_share:2026"},
		Samples: 24, Seed: 7}
	a := alternatives(t, in, opt)
	rep := a.Report
	if len(rep.Samples) != 24 || rep.SampleSeed == nil || *rep.SampleSeed != 7 {
		t.Fatalf("%d samples, seed %v", len(rep.Samples), rep.SampleSeed)
	}
	width := func(k int) float64 { return rep.Quantities[k].Max - rep.Quantities[k].Min }
	optimal := []float64{rep.Quantities[0].Optimal, rep.Quantities[1].Optimal}
	distinct := map[[2]float64]bool{}
	for _, s := range rep.Samples {
		e, o := s.Values[0], s.Values[1]
		if 0.1*e+0.104*o > 1.03+1e-6 || e+o < 10-0.03/14.9-1e-6 || e < -1e-9 || o < -1e-9 {
			t.Errorf("sample %d at Earth %v, orbit %v GW is not near-optimal", s.Index, e, o)
		}
		for k, v := range s.Values {
			if q := rep.Quantities[k]; v < q.Min-1e-6 || v > q.Max+1e-6 {
				t.Errorf("sample %d: %s = %v outside [%v, %v]", s.Index, q.Spec, v, q.Min, q.Max)
			}
		}
		norm := 0.0
		for _, d := range s.Direction {
			norm += d * d
		}
		if math.Abs(norm-1) > 1e-6 {
			t.Errorf("sample %d: direction %v is not a unit vector", s.Index, s.Direction)
		}
		// The linear part of the direction is maximised: the sample is
		// at least as far along it as the optimal plan (the share's term
		// is linearised at the optimum, where it is zero; 0% share there).
		along := func(v []float64) float64 {
			return s.Direction[0]*v[0]/width(0) + s.Direction[1]*v[1]/width(1) + s.Direction[2]*100*v[1]/(10*width(2))
		}
		if along(s.Values) < along(optimal)-1e-6 {
			t.Errorf("sample %d: %v along its direction, the optimal plan %v", s.Index, along(s.Values), along(optimal))
		}
		if s.Measure > rep.NearOptimal.Bound+1e-9 || s.Status != "Optimal" {
			t.Errorf("sample %d: cost %v, status %s", s.Index, s.Measure, s.Status)
		}
		distinct[[2]float64{math.Round(e * 1e4), math.Round(o * 1e4)}] = true
	}
	if len(distinct) < 3 {
		t.Errorf("24 directions found only %d distinct plans", len(distinct))
	}
	// Same seed, same samples, whatever the workers; another seed differs.
	opt.Workers = 1
	again := alternatives(t, in, opt).Report
	b1, _ := json.Marshal(rep.Samples)
	b2, _ := json.Marshal(again.Samples)
	if string(b1) != string(b2) {
		t.Error("the same seed gave different samples")
	}
	opt.Seed = 8
	other := alternatives(t, in, opt).Report
	if other.Samples[0].Direction[0] == rep.Samples[0].Direction[0] {
		t.Error("another seed gave the same first direction")
	}
}
