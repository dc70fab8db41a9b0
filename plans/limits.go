package plans

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"teraplan/constraints"
	"teraplan/lp"
)

// LimitsSchema is the JSON schema version of a limits report.
const LimitsSchema = "teraplan.limits/v1"

// Limit is one binding capacity row: what it is, how much one more unit of
// it buys, and what re-solving with 10% more and less of it gives.
type Limit struct {
	Family string `json:"family"`
	// Region is the region of a regional family (family@region), or the
	// pair from_to of a trade family; absent without regions.
	Region string  `json:"region,omitempty"`
	Module string  `json:"module"`
	Label  string  `json:"label"`
	Year   float64 `json:"year"`
	// ShadowPrice is GW of compute in the target year per natural unit of
	// the capacity (per launch, per wafer, per GW of castings, per EB…).
	ShadowPrice float64 `json:"shadow_price"`
	ShadowUnit  string  `json:"shadow_price_unit"`
	// Capacity is the value of the row's capacity side in the plan.
	Capacity     float64 `json:"capacity"`
	CapacityUnit string  `json:"capacity_unit"`
	// Elasticity is % of compute in the target year per % of this
	// capacity, from the dual: shadow × capacity / compute.
	Elasticity float64 `json:"elasticity"`
	// GainPlus10 and GainMinus10 are the exact changes in compute in the
	// target year (GW) when the capacity is re-solved at ×1.1 and ×0.9.
	GainPlus10  *float64 `json:"gain_plus_10pct_gw,omitempty"`
	GainMinus10 *float64 `json:"gain_minus_10pct_gw,omitempty"`
	// Disagrees is set when the re-solve and the dual disagree by more
	// than a fifth: a degenerate vertex, or ±10% crosses a breakpoint.
	Disagrees bool `json:"dual_disagrees_with_resolve"`
	// Range is how far the capacity can move with ShadowPrice unchanged;
	// absent when the solver gave no ranging.
	Range    *ShadowRange `json:"range,omitempty"`
	Sentence string       `json:"sentence"`
	// SetKeys are the scenario keys whose --set moves this capacity
	// (constraints.FamilyKeys), so a reader can act on the limit.
	SetKeys []string `json:"set_keys,omitempty"`
}

// ShadowRange is the range over which a limit's shadow price holds: the
// capacity row's right-hand-side range (lp.RowRange), i.e. how much
// capacity can be added to or taken from that one row, as a fixed amount,
// before the optimal basis changes. Inside it compute changes by exactly
// the shadow price per unit; at each end another row starts to bind, or a
// variable reaches a bound, and the price changes. Where the capacity side
// holds variables (capacity built earlier), the amount is added on top of
// what they provide. Amounts are in the capacity's natural unit, and as a
// percentage of the capacity in the plan.
type ShadowRange struct {
	Unit string `json:"unit"`
	// Down and Up are how far the capacity can fall and rise; absent when
	// unlimited.
	Down    *float64 `json:"down,omitempty"`
	Up      *float64 `json:"up,omitempty"`
	DownPct *float64 `json:"down_pct,omitempty"`
	UpPct   *float64 `json:"up_pct,omitempty"`
	// DownLeaving and UpLeaving name what changes at each end: a row
	// "family[label]" that starts to bind, or a variable that reaches a
	// bound; "" when HiGHS names none.
	DownLeaving string `json:"leaving_down,omitempty"`
	UpLeaving   string `json:"leaving_up,omitempty"`
	// DownRow and UpRow say whether the name at that end is a row.
	DownRow bool `json:"leaving_down_is_row,omitempty"`
	UpRow   bool `json:"leaving_up_is_row,omitempty"`
}

// LimitsReport answers "what limits us in year N?".
type LimitsReport struct {
	Schema       string  `json:"schema"`
	Teraplan     string  `json:"teraplan_version"`
	HiGHS        string  `json:"highs_version"`
	Scenario     string  `json:"scenario"`
	ScenarioHash string  `json:"scenario_hash"`
	Year         float64 `json:"year"`
	// Region is the region whose compute was maximised, the others
	// meeting their targets; absent for the total of every region.
	Region           string         `json:"region,omitempty"`
	ComputeGW        float64        `json:"compute_gw"`
	MIP              bool           `json:"mip"`
	DualsConditional bool           `json:"duals_conditional"`
	Limits           []Limit        `json:"limits"`
	Chains           []Chain        `json:"chains"`
	Stranded         []YearStranded `json:"stranded"`
	Notes            []string       `json:"notes"`
}

// YearStranded is accelerators made but not installed in a year, and
// whether Earth power was binding then (chips that cannot be powered).
type YearStranded struct {
	Year         float64 `json:"year"`
	StrandedM    float64 `json:"stranded_m"`
	PowerBinding bool    `json:"power_binding"`
}

// LimitsOptions tune the analysis.
type LimitsOptions struct {
	MIP    bool
	Solver lp.Options
	// Resolve is how many of the top limits get ±10% re-solves (0: all,
	// negative: none).
	Resolve int
	// MinElasticity drops limits below it (tie-break noise).
	MinElasticity float64
	// Progress, if set, is called by BuildTimeline after each year with
	// the years done and the years it will analyse.
	Progress func(done, total int)
	// Cold solves every model from scratch instead of re-solving warm
	// from the first solve's basis (Options.Cold).
	Cold bool
	// Floors are the other regions' compute in the min-cost plan, for a
	// Region (Options.Floors); Limits finds them when nil.
	Floors map[string][]float64
	// Region, in a scenario with regions, is the region whose compute is
	// maximised while every other region keeps the compute it has in the
	// min-cost plan ("" = all regions').
	Region string
	// Workers is how many solves run at once (0: GOMAXPROCS): a year's
	// re-solves, or a timeline's years. Results do not depend on it.
	Workers int
}

// Limits maximises compute in year and ranks every binding capacity row
// of the years up to it: a fab not started in 2027 is what limits 2031.
//
// The maximisation itself is always solved from scratch: at a degenerate
// optimum (several capacities binding together) the shadow prices depend
// on the basis the solver ends in, and a warm start from another model
// ends in another one, so the ranking would depend on what was solved
// before. The ±10% re-solves, which only read compute, each start from the
// maximisation's basis (an anchored Solver per worker; unless opt.Cold),
// so that they do not depend on which worker made which re-solve before.
func Limits(ctx context.Context, in Input, year float64, opt LimitsOptions, versions Versions) (*LimitsReport, error) {
	base := Options{Mode: constraints.MaxCompute, Year: year, MIP: opt.MIP, Solver: opt.Solver, Cold: opt.Cold, Region: opt.Region}
	base.Floors = opt.Floors
	if opt.Region != "" && base.Floors == nil { // the others' compute, once for every re-solve
		floors, err := RegionFloors(ctx, in, base)
		if err != nil {
			return nil, err
		}
		base.Floors = floors
	}
	first := base
	first.Solver.Ranging = true
	first.relaxable = !opt.Cold // warm re-solves change its model's rows
	sv := Solver{fresh: true}   // cold, each LP of it (learning iterates)
	defer sv.Close()
	res, err := sv.Solve(ctx, in, first)
	if err != nil {
		return nil, err
	}
	sv.fresh = false
	w, sol := res.World, res.Solution
	last := w.H.N() - 1
	compute := sol.Eval(w.FocusGW(last))
	rep := &LimitsReport{
		Schema: LimitsSchema, Teraplan: versions.Teraplan, HiGHS: versions.HiGHS,
		Scenario: in.Name, ScenarioHash: in.Hash, Year: w.H.Years[last], Region: opt.Region,
		ComputeGW: round(compute), MIP: sol.MIP, DualsConditional: sol.DualsConditional,
		Limits: []Limit{}, Notes: []string{},
	}
	if sol.DualsConditional {
		rep.Notes = append(rep.Notes, "conditional shadow prices: from the LP with the integer decisions fixed at their MIP values")
	}
	if !sol.HasDuals {
		return nil, fmt.Errorf("plans: the solver returned no duals (status %v)", sol.Status)
	}
	rep.Limits = rankLimits(w, sol, compute, opt.MinElasticity)
	n := len(rep.Limits)
	switch {
	case opt.Resolve < 0:
		n = 0
	case opt.Resolve > 0 && opt.Resolve < n:
		n = opt.Resolve
	}
	sv.Anchor() // every re-solve from this basis, whichever worker makes it
	if err := resolveLimits(ctx, in, base, res, rep.Limits[:n], compute, &sv, opt.Workers); err != nil {
		return nil, err
	}
	for i := range rep.Limits {
		rep.Limits[i].Sentence = sentence(rep.Limits[i], rep.Year, compute, w.H.Step)
	}
	rep.Chains = Chains(rep.Limits)
	rep.Stranded = strandedYears(w, sol, rep.Limits, opt.Region)
	return rep, nil
}

// rankLimits returns the binding capacity rows of a solved max-compute
// plan whose target compute is compute, strongest first: by elasticity
// (shadow price × capacity / compute), ties by family, then year. Rows with
// |elasticity| below minE (0: 10⁻⁴, the tie-break noise) are left out.
// Each carries its range when the solve asked for ranging.
func rankLimits(w *constraints.World, sol *lp.Solution, compute, minE float64) []Limit {
	if minE == 0 {
		minE = 1e-4
	}
	rowFamily := map[string]bool{}
	for _, c := range w.Model.ConFamilies() {
		rowFamily[c.Name()] = true
	}
	limits := []Limit{}
	for _, c := range w.Model.ConFamilies() {
		caps, ok := w.Capacity[c.Name()]
		if !ok {
			continue
		}
		unit := constraints.FamilyUnit(c.Name())
		y := sol.ShadowPrices(c)
		ranges := w.Model.Ranges(sol, c)
		for t, price := range y {
			capacity := sol.Eval(caps[t])
			e := price * capacity / compute
			if math.Abs(e) < minE || compute <= 0 {
				continue
			}
			_, region := constraints.SplitRegion(c.Name())
			l := Limit{
				Family: c.Name(), Region: region, Module: constraints.Module(c.Name()), Label: constraints.FamilyLabel(c.Name()),
				Year:        w.H.Years[t],
				ShadowPrice: round(price / unit.PerNatural), ShadowUnit: "GW per " + unit.Natural,
				Capacity: round(capacity), CapacityUnit: unit.LP,
				Elasticity: round(e),
				SetKeys:    constraints.FamilyKeys(c.Name()),
			}
			if ranges != nil {
				l.Range = shadowRange(ranges[t], capacity, unit, rowFamily)
			}
			limits = append(limits, l)
		}
	}
	sort.SliceStable(limits, func(i, j int) bool {
		a, b := limits[i], limits[j]
		if a.Elasticity != b.Elasticity {
			return a.Elasticity > b.Elasticity
		}
		if a.Family != b.Family {
			return a.Family < b.Family
		}
		return a.Year < b.Year
	})
	return limits
}

// strandedYears is each period's accelerators made but not installed, and
// whether Earth power binds then (with region, the region's own). Power
// binds in a year when its row is among the limits, i.e. its elasticity
// clears the tie-break noise, not merely when its dual is nonzero (the
// 10⁻⁶ cost tie-break gives every built source a tiny dual).
func strandedYears(w *constraints.World, sol *lp.Solution, limits []Limit, region string) []YearStranded {
	focus := w.Compute
	if rw := w.RegionWorld(region); region != "" && rw != nil {
		focus = rw.Compute
	}
	powerBinds := map[float64]bool{}
	for _, l := range limits {
		if base, r := constraints.SplitRegion(l.Family); base == "power.balance" && (region == "" || r == region) {
			powerBinds[l.Year] = true
		}
	}
	stranded := sol.Values(focus.Stranded)
	out := make([]YearStranded, 0, len(stranded))
	for t := range stranded {
		y := w.H.Years[t]
		out = append(out, YearStranded{Year: y, StrandedM: round(stranded[t]), PowerBinding: powerBinds[y]})
	}
	return out
}

// shadowRange maps a capacity row's range (in the row's LP units, which
// are the capacity's) to the capacity's natural unit and percentages.
func shadowRange(r lp.RowRange, capacity float64, unit constraints.Unit, rowFamily map[string]bool) *ShadowRange {
	sr := &ShadowRange{Unit: unit.Natural, DownLeaving: r.TightenLeaving, UpLeaving: r.RelaxLeaving}
	amount := func(x float64) (*float64, *float64) {
		if math.IsInf(x, 0) {
			return nil, nil
		}
		a := round(x * unit.PerNatural)
		if capacity <= 0 {
			return &a, nil
		}
		p := round(100 * x / capacity)
		return &a, &p
	}
	sr.Down, sr.DownPct = amount(r.Tighten)
	sr.Up, sr.UpPct = amount(r.Relax)
	isRow := func(name string) bool {
		fam, _, _ := strings.Cut(name, "[")
		return name != "" && rowFamily[fam]
	}
	sr.DownRow, sr.UpRow = isRow(sr.DownLeaving), isRow(sr.UpLeaving)
	return sr
}

// rangeText says how far a shadow price holds: "+37% before
// chips.wafers[2030] binds, −12% before chips.fabs[2027] reaches a bound",
// periods labelled for people on a horizon of step-year periods.
func rangeText(r *ShadowRange, step float64) string {
	end := func(sign string, pct *float64, name string, row bool) string {
		if pct == nil {
			return sign + "any amount"
		}
		s := fmt.Sprintf("%s%.3g%%", sign, *pct)
		name = periodName(name, step)
		switch {
		case name == "":
		case row:
			s += " before " + name + " binds"
		default:
			s += " before " + name + " reaches a bound"
		}
		return s
	}
	return end("+", r.UpPct, r.UpLeaving, r.UpRow) + ", " + end("−", r.DownPct, r.DownLeaving, r.DownRow)
}

// periodName writes "family[2026.75]" as "family[2026 Q4]"; a name whose
// index is not a period stays as it is.
func periodName(name string, step float64) string {
	fam, idx, ok := strings.Cut(name, "[")
	idx, closed := strings.CutSuffix(idx, "]")
	if !ok || !closed {
		return name
	}
	y, err := strconv.ParseFloat(idx, 64)
	if err != nil {
		return name
	}
	return fam + "[" + PeriodLabel(y, step) + "]"
}

// resolveLimits re-solves with each limit's capacity at ×1.1 and ×0.9, on
// up to workers goroutines (0: GOMAXPROCS), and records the exact change
// in compute. Each worker's Solver starts from sv's basis; a lone worker
// uses sv itself, which keeps its model loaded.
func resolveLimits(ctx context.Context, in Input, base Options, maxed *Result, limits []Limit, compute float64, sv *Solver, workers int) error {
	type job struct {
		i      int
		factor float64
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, 2*len(limits)))
	for range workers {
		wg.Add(1)
		wsv := sv
		if workers > 1 {
			wsv = sv.Clone()
		}
		go func() {
			defer wg.Done()
			if wsv != sv {
				defer wsv.Close()
			}
			for j := range jobs {
				l := &limits[j.i]
				opt := base
				opt.Relax = map[constraints.RelaxKey]float64{{Family: l.Family, Year: l.Year}: j.factor}
				gain, err := computeGain(ctx, in, opt, maxed, compute, wsv)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("plans: re-solving %s[%v] ×%v: %w", l.Family, l.Year, j.factor, err)
				}
				if err == nil {
					g := round(gain)
					if j.factor > 1 {
						l.GainPlus10 = &g
					} else {
						l.GainMinus10 = &g
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := range limits {
		for _, f := range []float64{1.1, 0.9} {
			select {
			case jobs <- job{i, f}:
			case <-ctx.Done():
			}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range limits {
		l := &limits[i]
		if l.GainPlus10 == nil {
			continue
		}
		fromResolve := *l.GainPlus10 / compute / 0.1
		l.Disagrees = math.Abs(fromResolve-l.Elasticity) > 0.2*math.Max(math.Abs(l.Elasticity), 1e-3)
	}
	return nil
}

// computeGain solves opt and returns compute in its last year minus
// compute. A warm re-solve of one relaxed capacity (opt is maxed's
// options with one Relax, and maxed was solved without learning and
// integers) does not build the world again: it re-solves maxed's model
// with that row changed (constraints.World.Relaxed), the model Build
// would make.
func computeGain(ctx context.Context, in Input, opt Options, maxed *Result, compute float64, sv *Solver) (float64, error) {
	if m := relaxedModel(opt, maxed); m != nil {
		sol, err := sv.sess.Solve(ctx, m, opt.Solver)
		if err := solveErr(err, sol, opt); err != nil {
			return 0, err
		}
		w := maxed.World
		return sol.Eval(w.FocusGW(w.H.N()-1)) - compute, nil
	}
	res, err := sv.Solve(ctx, in, opt)
	if err != nil {
		return 0, err
	}
	w := res.World
	return res.Solution.Eval(w.FocusGW(w.H.N()-1)) - compute, nil
}

// relaxedModel is maxed's model with opt's one relaxation applied, when
// opt differs from maxed's options only by it and re-solves warm; else
// nil.
func relaxedModel(opt Options, maxed *Result) *lp.Model {
	if maxed == nil || opt.Cold || opt.MIP || maxed.Learning != nil || len(opt.Relax) != 1 || len(maxed.Options.Relax) != 0 {
		return nil
	}
	for key, f := range opt.Relax {
		m, ok, err := maxed.World.Relaxed(key, f)
		if err != nil || !ok {
			return nil
		}
		return m
	}
	return nil
}

// sentence says what limit l is worth, its periods named for people
// (PeriodLabel with the horizon's step).
func sentence(l Limit, year, compute, step float64) string {
	s := fmt.Sprintf("%s, %s: ", capitalise(l.Label), PeriodLabel(l.Year, step))
	if l.GainPlus10 != nil {
		s += fmt.Sprintf("+10%% → %+.3g GW of compute in %s", *l.GainPlus10, PeriodLabel(year, step))
	} else {
		s += fmt.Sprintf("+10%% → about %+.3g GW of compute in %s (from the dual)", l.Elasticity*0.1*compute, PeriodLabel(year, step))
	}
	s += fmt.Sprintf("; one more %s is worth %s", l.ShadowUnit[len("GW per "):], FormatPower(l.ShadowPrice))
	if l.Range != nil {
		s += " (the price holds for " + rangeText(l.Range, step) + ")"
	}
	if l.Disagrees {
		s += " (the re-solve disagrees with the dual: degenerate or nonlinear)"
	}
	return s
}

// Label formats a year as families index it.
func Label(y float64) string { return constraints.Label(y) }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		return string(c-'a'+'A') + s[1:]
	}
	return s
}

// FormatNumber is teraplan's one human number format, for tables, charts
// and sentences: zero as 0, from 100 up without decimals, then one decimal
// from 10, two from 0.01, and two significant figures below — never an
// exponent (38060, not 3.806e+04; 0.000046, not 4.6e-05). Below 1e-12 it
// is 0.
func FormatNumber(x float64) string {
	a := math.Abs(x)
	switch {
	case a < 1e-12:
		return "0"
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64)
	// The thresholds are on the rounded value: 9.9999 is "10.0", not "10.00".
	case a >= 99.5:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 9.995:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case a >= 0.00995:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	// Two significant figures: decimals to the second digit after the
	// leading one, one fewer when rounding carries into a new digit.
	d := 1 - int(math.Floor(math.Log10(a)))
	if r, _ := strconv.ParseFloat(strconv.FormatFloat(a, 'f', d, 64), 64); r >= math.Pow(10, float64(2-d)) {
		d--
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// FormatPower writes a power in GW with the unit that keeps it between 1
// and 1000 after rounding: 0.0000308 GW is "30.8 kW", 0.9999 GW is
// "1.00 GW" (not "1e+03 MW").
func FormatPower(gw float64) string {
	a := math.Abs(gw)
	switch {
	case a == 0:
		return "0 GW"
	case a*1e6 < 999.5:
		return FormatNumber(gw*1e6) + " kW"
	case a*1e3 < 999.5:
		return FormatNumber(gw*1e3) + " MW"
	}
	return FormatNumber(gw) + " GW"
}
