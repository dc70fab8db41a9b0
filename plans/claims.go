package plans

import (
	"context"
	"fmt"
	"math"
	"sort"

	"teraplan/constraints"
)

// ClaimsSchema is the JSON schema version of a claims audit.
const ClaimsSchema = "teraplan.claims/v1"

// Verdicts of a claim.
const (
	True         = "true"
	False        = "false"
	Undetermined = "undetermined"
)

// Claim is one of the interview's claims, judged under a scenario.
type Claim struct {
	ID      int                `json:"id"`
	Claim   string             `json:"claim"`
	Verdict string             `json:"verdict"`
	Year    float64            `json:"year,omitempty"`
	Numbers map[string]float64 `json:"numbers"`
	Why     string             `json:"why"`
}

// ClaimsReport is the claims audit of MODEL.md under one scenario.
type ClaimsReport struct {
	Schema       string  `json:"schema"`
	Teraplan     string  `json:"teraplan_version"`
	HiGHS        string  `json:"highs_version"`
	Scenario     string  `json:"scenario"`
	ScenarioHash string  `json:"scenario_hash"`
	Claims       []Claim `json:"claims"`
}

// Timeline is the top limits of each year: max-compute for that year,
// limits ranked by the dual's elasticity.
type Timeline struct {
	Schema string         `json:"schema"`
	Years  []TimelineYear `json:"years"`
}

// TimelineSchema is the JSON schema version of a timeline.
const TimelineSchema = "teraplan.timeline/v1"

// TimelineYear is one year of the timeline.
type TimelineYear struct {
	Year      float64 `json:"year"`
	ComputeGW float64 `json:"compute_gw"`
	Top       []Limit `json:"top"`

	stranded YearStranded // the year's own stranded accelerators, for the claims
}

// TopModule is the module of the year's highest-ranked limit, "" if none.
func (ty TimelineYear) TopModule() string {
	if len(ty.Top) == 0 {
		return ""
	}
	return ty.Top[0].Module
}

// BuildTimeline runs Limits for every year from..to, keeping the top k
// limits of each year; resolve of them get ±10% re-solves.
func BuildTimeline(ctx context.Context, in Input, from, to float64, k, resolve int, opt LimitsOptions, v Versions) (*Timeline, error) {
	h, err := horizonOf(in.Values)
	if err != nil {
		return nil, err
	}
	tl := &Timeline{Schema: TimelineSchema}
	for _, y := range h.Years {
		if y < from-1e-9 || y > to+1e-9 {
			continue
		}
		o := opt
		o.Resolve = resolve
		if resolve == 0 {
			o.Resolve = -1
		}
		rep, err := Limits(ctx, in, y, o, v)
		if err != nil {
			return nil, fmt.Errorf("plans: limits for %v: %w", y, err)
		}
		top := rep.Limits
		if k > 0 && len(top) > k {
			top = top[:k]
		}
		tl.Years = append(tl.Years, TimelineYear{Year: y, ComputeGW: rep.ComputeGW, Top: top,
			stranded: rep.Stranded[len(rep.Stranded)-1]})
	}
	return tl, nil
}

func horizonOf(v constraints.Values) (constraints.Horizon, error) {
	return constraints.NewHorizon(v.At("horizon.start_year", 0), v.At("horizon.end_year", 0), v.At("horizon.step_years", 0))
}

// Claims audits the interview's ten claims under the scenario: each
// verdict is computed from solved plans (the min-cost plan, the limits
// timeline, a max-compute plan) or from the model's own coefficients,
// never written down.
func Claims(ctx context.Context, in Input, opt Options, v Versions) (*ClaimsReport, error) {
	base := opt
	base.Mode = constraints.MinCost
	res, err := Solve(ctx, in, base)
	if err != nil {
		return nil, err
	}
	tl, err := BuildTimeline(ctx, in, math.Inf(-1), math.Inf(1), 1, 0, LimitsOptions{MIP: opt.MIP, Solver: opt.Solver, Cold: opt.Cold}, v)
	if err != nil {
		return nil, err
	}
	return ClaimsFrom(in, res.Brief(v), tl, v), nil
}

// ClaimsFrom audits the claims from plans already solved: plan is the
// min-cost plan of in and tl its timeline over the whole horizon (any
// number of limits a year). For callers that have both anyway.
func ClaimsFrom(in Input, plan *Report, tl *Timeline, v Versions) *ClaimsReport {
	vals := in.Values
	at := func(k string, y float64) float64 { return vals.At(k, y) }
	first := at("space.first_year", 0)
	rep := &ClaimsReport{Schema: ClaimsSchema, Teraplan: v.Teraplan, HiGHS: v.HiGHS,
		Scenario: in.Name, ScenarioHash: in.Hash}
	add := func(c Claim) {
		for k, x := range c.Numbers {
			c.Numbers[k] = round(x)
		}
		rep.Claims = append(rep.Claims, c)
	}
	yearIdx := func(y float64) int {
		for i, s := range plan.Summary {
			if math.Abs(s.Year-y) < 1e-9 {
				return i
			}
		}
		return -1
	}

	// 1. Space becomes the cheapest place for AI by early 2029.
	c := Claim{ID: 1, Claim: "Space becomes the cheapest place to put AI within 30-36 months (by early 2029)", Numbers: map[string]float64{}}
	cross := math.NaN()
	for _, l := range plan.Levelized {
		if l.Orbit.PerKWIT < l.Earth.PerKWIT {
			cross = l.Year
			break
		}
	}
	if i := yearIdx(2029); i >= 0 {
		c.Numbers["earth_usd_per_kw_yr_it_2029"] = plan.Levelized[i].Earth.PerKWIT
		c.Numbers["orbit_usd_per_kw_yr_it_2029"] = plan.Levelized[i].Orbit.PerKWIT
	}
	switch {
	case math.IsNaN(cross):
		c.Verdict = False
		c.Why = "the levelized cost per kW-year of IT in orbit stays above Earth's in every year of the horizon"
	default:
		c.Year = cross
		c.Numbers["crossover_year"] = cross
		c.Verdict = verdict(cross <= 2029)
		c.Why = fmt.Sprintf("orbit first costs less per kW-year of IT than Earth for capacity built in %s", Label(cross))
	}
	add(c)

	// 2. By the end of 2026 chips pile up that cannot be powered: with
	// compute in 2026 as high as it can be, accelerators are still left
	// uninstalled and Earth generation is among the year's limits. (The
	// min-cost plan would not do: it strands chips its target does not
	// need, powered or not.)
	c = Claim{ID: 2, Claim: "By the end of 2026 chips pile up that cannot be powered", Numbers: map[string]float64{}, Year: 2026}
	// The timeline has already maximised compute in 2026.
	var y2026 *TimelineYear
	for i := range tl.Years {
		if tl.Years[i].Year == 2026 {
			y2026 = &tl.Years[i]
		}
	}
	if y2026 == nil {
		c.Verdict, c.Why = Undetermined, "2026 is not a period of the horizon"
	} else {
		st := y2026.stranded
		c.Numbers["stranded_m_2026"] = st.StrandedM
		c.Numbers["max_compute_gw_2026"] = y2026.ComputeGW
		c.Verdict = verdict(st.StrandedM > 1e-6 && st.PowerBinding)
		c.Why = fmt.Sprintf("with 2026 compute at its most (%.3g GW), %.3g M accelerators are made but not installed; Earth generation binding: %v",
			y2026.ComputeGW, st.StrandedM, st.PowerBinding)
	}
	add(c)

	// 3. Before orbit, power limits; after, chips and memory.
	c = Claim{ID: 3, Claim: "Before orbit is reachable power limits; after, chips (and memory) limit", Numbers: map[string]float64{}}
	var before, beforePower, after, afterChips int
	tops := map[string]int{}
	for _, ty := range tl.Years {
		m := ty.TopModule()
		if ty.Year < first {
			before++
			if m == "power" {
				beforePower++
			}
		} else {
			after++
			tops[m]++
			if m == "chips" || m == "memory" {
				afterChips++
			}
		}
	}
	c.Numbers["years_before_orbit"] = float64(before)
	c.Numbers["years_before_orbit_power_top"] = float64(beforePower)
	c.Numbers["years_after_orbit"] = float64(after)
	c.Numbers["years_after_orbit_chips_or_memory_top"] = float64(afterChips)
	if before == 0 || after == 0 {
		c.Verdict, c.Why = Undetermined, "the horizon does not span both sides of space.first_year"
	} else {
		c.Verdict = verdict(beforePower == before && 2*afterChips >= after)
		c.Why = fmt.Sprintf("top limit before %s: power in %d of %d years; after: chips or memory in %d of %d years (top modules after: %s)",
			Label(first), beforePower, before, afterChips, after, countString(tops))
	}
	add(c)

	// 4. In 2031 AI launched to orbit per year exceeds all AI on Earth.
	c = Claim{ID: 4, Claim: "Five years on (2031), AI launched to orbit per year exceeds all AI on Earth", Numbers: map[string]float64{}, Year: 2031}
	if i := yearIdx(2031); i < 0 {
		c.Verdict, c.Why = Undetermined, "2031 is not a period of the horizon"
	} else {
		s := plan.Summary[i]
		launched := s.InstalledOrbitM * at("accelerator.it_kw", 2031) / vals.At("horizon.step_years", 0)
		c.Numbers["orbit_it_gw_launched_per_year_2031"] = launched
		c.Numbers["earth_it_gw_2031"] = s.EarthGW
		c.Verdict = verdict(launched > s.EarthGW)
		c.Why = fmt.Sprintf("the min-cost plan launches %.3g GW of AI a year to orbit in 2031 against %.3g GW on Earth", launched, s.EarthGW)
	}
	add(c)

	// 5. 100 GW/yr takes ~10,000 launches, ~one an hour, 20-30 ships.
	y5 := first
	launches := 100e6 / (at("space.specific_power_kw_per_t", y5) * at("launch.payload_t", y5)) // kW / (kW/t × t)
	perShip := 8760 / at("launch.turnaround_hours", y5)
	ships := launches / perShip
	c = Claim{ID: 5, Claim: "100 GW/yr to orbit takes about 10,000 Starship launches a year, about one an hour, with 20-30 ships on a ~30-hour turnaround",
		Numbers: map[string]float64{"launches_per_100_gw": launches, "launches_per_hour": launches / 8760, "ships_needed": ships}, Year: y5}
	c.Verdict = verdict(within(launches, 10000, 0.15) && within(launches/8760, 1, 0.15) && ships <= 30*1.15)
	c.Why = fmt.Sprintf("at %.3g kW/t and %.3g t a launch, 100 GW is %.0f launches (%.2f an hour); at %.3g h turnaround a ship flies %.0f times a year, so %.1f ships",
		at("space.specific_power_kw_per_t", y5), at("launch.payload_t", y5), launches, launches/8760, at("launch.turnaround_hours", y5), perShip, ships)
	add(c)

	// 6. Launching from Earth tops out near 1 TW/yr, on propellant.
	last := plan.Years[len(plan.Years)-1]
	ceiling := at("launch.propellant_mt_per_year_max", last) * 1e6 / at("launch.propellant_t_per_launch", last) *
		at("launch.payload_t", last) * at("space.specific_power_kw_per_t", last) / 1e6 // GW/yr
	c = Claim{ID: 6, Claim: "Launching from Earth tops out near 1 TW/yr, before propellant supply does", Numbers: map[string]float64{"orbital_gw_per_year_ceiling": ceiling}, Year: last}
	c.Verdict = verdict(within(ceiling, 1000, 0.5))
	c.Why = fmt.Sprintf("%.3g Mt/yr of propellant at %.3g t a launch carries %.3g GW/yr of satellites", at("launch.propellant_mt_per_year_max", last), at("launch.propellant_t_per_launch", last), ceiling)
	add(c)

	// 7. Memory is the hardest supply to scale.
	c = Claim{ID: 7, Claim: "Memory is the hardest supply to scale", Numbers: map[string]float64{}}
	weight := map[string]float64{}
	for _, ty := range tl.Years {
		if len(ty.Top) > 0 {
			weight[ty.Top[0].Module] += ty.Top[0].Elasticity
		}
	}
	for m, e := range weight {
		c.Numbers["top_elasticity_sum_"+m] = e
	}
	best := ""
	for _, m := range sortedKeys(weight) {
		if best == "" || weight[m] > weight[best] {
			best = m
		}
	}
	c.Verdict = verdict(best == "memory")
	c.Why = fmt.Sprintf("summing each year's top limit's elasticity by module, %q leads", best)
	add(c)

	// 8. 330k GB300s need about 1 GW of generation.
	gw := 0.33 * at("earth.generation_kw_per_accelerator", plan.Years[0]) // M × kW = GW
	c = Claim{ID: 8, Claim: "330k GB300s need about 1 GW of generation", Numbers: map[string]float64{"generation_gw_for_330k": gw}}
	c.Verdict = verdict(within(gw, 1, 0.15))
	c.Why = fmt.Sprintf("330,000 accelerators at %.3g kW of generation each need %.3g GW", at("earth.generation_kw_per_accelerator", plan.Years[0]), gw)
	add(c)

	// 9. Space solar yields about 5× a ground panel and needs no batteries.
	ratio := at("space.capacity_factor", first) * at("space.irradiance_ratio", first) / at("solar.ground_capacity_factor", first)
	c = Claim{ID: 9, Claim: "Space solar yields about 5x a ground panel and needs no batteries", Numbers: map[string]float64{"yield_ratio": ratio, "ground_storage_hours": at("solar.storage_hours", first)}}
	c.Verdict = verdict(within(ratio, 5, 0.2))
	c.Why = fmt.Sprintf("a panel in orbit is lit %.0f%% of the time at %.2f× the ground's irradiance, against a %.0f%% ground capacity factor: %.2f×; orbit needs no storage, the ground %.3g h",
		100*at("space.capacity_factor", first), at("space.irradiance_ratio", first), 100*at("solar.ground_capacity_factor", first), ratio, at("solar.storage_hours", first))
	add(c)

	// 10. Optimus reaches ~1 M/yr (v3) and ~10 M/yr (v4).
	c = Claim{ID: 10, Claim: "Optimus reaches about 1 M/yr (version 3) and 10 M/yr (version 4)", Numbers: map[string]float64{}}
	y1, y10 := math.NaN(), math.NaN()
	step := vals.At("horizon.step_years", 0)
	for _, s := range plan.Summary {
		rate := s.RobotsMadeM / step
		if math.IsNaN(y1) && rate >= 0.9 {
			y1 = s.Year
		}
		if math.IsNaN(y10) && rate >= 9 {
			y10 = s.Year
		}
	}
	if !math.IsNaN(y1) {
		c.Numbers["year_1m_per_year"] = y1
	}
	if !math.IsNaN(y10) {
		c.Numbers["year_10m_per_year"] = y10
		c.Year = y10
	}
	c.Verdict = verdict(!math.IsNaN(y1) && !math.IsNaN(y10))
	c.Why = fmt.Sprintf("the min-cost plan makes robots at ≥0.9 M/yr from %s and ≥9 M/yr from %s", yearOrNever(y1), yearOrNever(y10))
	add(c)
	return rep
}

func verdict(ok bool) string {
	if ok {
		return True
	}
	return False
}

func within(x, target, rel float64) bool { return math.Abs(x-target) <= rel*math.Abs(target) }

func yearOrNever(y float64) string {
	if math.IsNaN(y) {
		return "never"
	}
	return Label(y)
}

func countString(m map[string]int) string {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		name := k
		if name == "" {
			name = "none"
		}
		s += fmt.Sprintf("%s %d", name, m[k])
	}
	return s
}
