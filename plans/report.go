package plans

import (
	"fmt"
	"reflect"

	"teraplan/constraints"
	"teraplan/lp"
)

// Report is the plan as users read it: a summary row per year, every
// family's values and shadow prices, costs and levelized costs. It is what
// `teraplan plan --format json` prints (schema teraplan.plan/v1).
type Report struct {
	Schema       string  `json:"schema"`
	Teraplan     string  `json:"teraplan_version"`
	HiGHS        string  `json:"highs_version"`
	Scenario     string  `json:"scenario"`
	ScenarioHash string  `json:"scenario_hash"`
	Mode         string  `json:"mode"`
	Year         float64 `json:"year,omitempty"`
	// Metric is "flops" when max-compute maximised FLOP/s (absent for GW).
	Metric         string                        `json:"metric,omitempty"`
	MIP            bool                          `json:"mip"`
	Status         string                        `json:"status"`
	Objective      float64                       `json:"objective"`
	ObjectiveUnit  string                        `json:"objective_unit"`
	MIPGap         float64                       `json:"mip_gap,omitempty"`
	DualsCondition bool                          `json:"duals_conditional"`
	Model          ModelStats                    `json:"model"`
	Years          []float64                     `json:"years"`
	Summary        []YearSummary                 `json:"summary"`
	Costs          []YearCosts                   `json:"costs"`
	Levelized      []YearLevelized               `json:"levelized"`
	Variables      map[string]map[string]float64 `json:"variables"`
	ShadowPrices   map[string]map[string]float64 `json:"shadow_prices"`
	Notes          []string                      `json:"notes"`
	// Learning says which formulation priced learned costs ("off" when
	// none did) and, under exact, its gap to the iterated LP.
	Learning *LearningReport `json:"learning"`
	// Shortfall explains a missed target (plan --diagnose); absent otherwise.
	Shortfall *ShortfallDiagnosis `json:"shortfall_diagnosis,omitempty"`
	// Region is the region Summary shows, when the plan was asked for
	// one (plan --region); Summary is otherwise every region's total.
	Region string `json:"region,omitempty"`
	// Regions and Trade exist in a scenario with regions: each region's
	// summary and bottlenecks, and what moved between them.
	Regions []RegionReport `json:"regions,omitempty"`
	Trade   []YearTrade    `json:"trade,omitempty"`
}

// ModelStats is the size of the LP.
type ModelStats struct {
	Rows     int     `json:"rows"`
	Cols     int     `json:"cols"`
	Nonzeros int     `json:"nonzeros"`
	Integers int     `json:"integers"`
	MinCoef  float64 `json:"min_abs_coefficient"`
	MaxCoef  float64 `json:"max_abs_coefficient"`
	Residual float64 `json:"primal_residual"`
}

// YearSummary is one row of the plan table: the quantities a reader needs
// to follow the story, in natural units.
type YearSummary struct {
	Year        float64 `json:"year"`
	ComputeGW   float64 `json:"compute_gw"`
	EarthGW     float64 `json:"earth_gw"`
	OrbitGW     float64 `json:"orbit_gw"`
	TargetGW    float64 `json:"target_gw"`
	ShortfallGW float64 `json:"shortfall_gw"`
	// Compute in EFLOP/s (dense BF16, each cohort at its year of
	// manufacture's accelerator.flops) and in millions of H100-equivalents.
	ComputeEFLOPS   float64 `json:"compute_eflops"`
	EarthEFLOPS     float64 `json:"earth_eflops"`
	OrbitEFLOPS     float64 `json:"orbit_eflops"`
	ComputeH100eM   float64 `json:"compute_h100e_m"`
	TargetEFLOPS    float64 `json:"target_eflops"`
	ShortfallEFLOPS float64 `json:"shortfall_eflops"`
	MadeM           float64 `json:"accelerators_made_m"`
	InstalledEarthM float64 `json:"installed_earth_m"`
	InstalledOrbitM float64 `json:"installed_orbit_m"`
	StrandedM       float64 `json:"stranded_m"`
	UnmadeM         float64 `json:"unmade_committed_m"`
	ExistingGenGW   float64 `json:"existing_generation_gw"`
	GridGW          float64 `json:"grid_gw"`
	TurbinesGW      float64 `json:"turbines_gw"`
	SolarGW         float64 `json:"solar_firm_gw"`
	CastingsGW      float64 `json:"castings_gw"`
	FabsBuilding    float64 `json:"fabs_building"`
	FabsOnline      float64 `json:"fabs_online"`
	HBMEB           float64 `json:"hbm_eb"`
	Launches        float64 `json:"launches"`
	Ships           float64 `json:"ships"`
	Pads            float64 `json:"pads"`
	MassMt          float64 `json:"mass_to_orbit_mt"`
	OrbitPowerNewGW float64 `json:"orbit_power_new_gw"`
	RobotsMadeM     float64 `json:"robots_made_m"`
	RobotsStockM    float64 `json:"robots_stock_m"`
	CostB           float64 `json:"cost_usd_b"`
}

// YearCosts is one year's spending by component ($B, undiscounted).
type YearCosts struct {
	Year       float64            `json:"year"`
	Total      float64            `json:"total_usd_b"`
	Discounted float64            `json:"discounted_usd_b"`
	Components map[string]float64 `json:"components_usd_b"`
}

// YearLevelized is the levelized cost per kW-year at each site for
// capacity built that year.
type YearLevelized struct {
	Year  float64               `json:"year"`
	Earth constraints.Levelized `json:"earth"`
	Orbit constraints.Levelized `json:"orbit"`
}

// Report assembles the plan's whole report: Brief plus every family's
// values and shadow prices.
func (r *Result) Report(versions Versions) *Report {
	rep := r.Brief(versions)
	r.AddFamilies(rep)
	return rep
}

// Brief assembles the report without Variables and ShadowPrices (left
// nil): the summary, costs and levelized costs, which is all the plan table
// shows. The per-family maps are most of a report's size (a labelled entry
// for every column and row of the LP); AddFamilies adds them when the
// output needs them.
func (r *Result) Brief(versions Versions) *Report {
	w, sol := r.World, r.Solution
	n := w.H.N()
	rep := &Report{
		Schema:         PlanSchema,
		Teraplan:       versions.Teraplan,
		HiGHS:          versions.HiGHS,
		Scenario:       r.Input.Name,
		ScenarioHash:   r.Input.Hash,
		Mode:           r.Options.Mode.String(),
		MIP:            sol.MIP,
		Status:         sol.Status.String(),
		Objective:      round(sol.Objective),
		MIPGap:         round(sol.MIPGap),
		DualsCondition: sol.DualsConditional,
		Model:          r.modelStats(),
		Years:          append([]float64(nil), w.H.Years...),
		Notes:          []string{},
	}
	rep.Learning = r.Learning
	if rep.Learning == nil {
		rep.Learning = &LearningReport{Mode: "off", Technologies: []LearnedTechnology{}}
	}
	if r.Options.Mode == constraints.MaxCompute {
		rep.Year = w.H.Years[n-1]
		rep.ObjectiveUnit = "GW of compute (Earth + orbit) in the final year, plus tie-breaks"
		if r.Options.Metric == constraints.MetricFLOPS {
			rep.Metric = constraints.MetricFLOPS.String()
			rep.ObjectiveUnit = "EFLOP/s of compute (Earth + orbit) in the final year, plus tie-breaks"
		}
	} else {
		rep.ObjectiveUnit = "$B, discounted to the start year, including shortfall penalties"
	}
	rep.Notes = append(rep.Notes, r.Warnings...)
	if sol.Status == lp.TimeLimit {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the time limit stopped the solver: this is the best plan it found, within %.3g%% of optimal (MIP gap)", 100*sol.MIPGap))
	}
	if sol.DualsConditional {
		rep.Notes = append(rep.Notes, "shadow prices are conditional: they come from the LP with every integer decision fixed at its MIP value")
	}
	costs := r.CostByComponent()
	rep.Summary = make([]YearSummary, n)
	rep.Costs = make([]YearCosts, n)
	rep.Levelized = make([]YearLevelized, n)
	for t := 0; t < n; t++ {
		rep.Summary[t] = r.summary(t)
		yc := YearCosts{Year: w.H.Years[t], Components: map[string]float64{}}
		for k, v := range costs[t] {
			yc.Components[k] = round(v)
			if k != constraints.CostPenalty {
				yc.Total += v
			}
		}
		yc.Discounted = round(yc.Total * w.Cost.Discount[t])
		yc.Total = round(yc.Total)
		rep.Costs[t] = yc
		rep.Levelized[t] = YearLevelized{
			Year:  w.H.Years[t],
			Earth: roundLevelized(constraints.LevelizedEarth(r.prices(), w.H.Years[t], r.EarthMix(t))),
			Orbit: roundLevelized(constraints.LevelizedOrbit(r.prices(), w.H.Years[t])),
		}
	}
	if len(w.Regions) > 0 {
		r.addRegions(rep)
	}
	return rep
}

// AddFamilies fills rep.Variables and rep.ShadowPrices (shadow prices only
// when the solution has duals) from r's solution, unless they are already
// filled. rep must be r's own report.
func (r *Result) AddFamilies(rep *Report) {
	if rep.Variables != nil {
		return
	}
	w, sol := r.World, r.Solution
	vfs, cfs := w.Model.VarFamilies(), w.Model.ConFamilies()
	rep.Variables = make(map[string]map[string]float64, len(vfs))
	rep.ShadowPrices = map[string]map[string]float64{}
	for _, f := range vfs {
		idx := f.Index()
		vals := sol.Values(f)
		m := make(map[string]float64, len(vals))
		for i, v := range vals {
			m[idx[i]] = round(v)
		}
		rep.Variables[f.Name()] = m
	}
	if sol.HasDuals {
		for _, c := range cfs {
			idx := c.Index()
			ys := sol.ShadowPrices(c)
			m := make(map[string]float64, len(ys))
			for i, v := range ys {
				m[idx[i]] = round(v)
			}
			rep.ShadowPrices[c.Name()] = m
		}
	}
}

func roundLevelized(l constraints.Levelized) constraints.Levelized {
	l.Total, l.PerKWIT, l.PerPFLOPS = round(l.Total), round(l.PerKWIT), round(l.PerPFLOPS)
	for k, v := range l.Components {
		l.Components[k] = round(v)
	}
	return l
}

// Versions identify the software that made a report.
type Versions struct{ Teraplan, HiGHS string }

func (r *Result) val(f *lp.VarFamily, t int) float64 {
	if f == nil {
		return 0
	}
	return r.Solution.Value(f.At(t))
}

func (r *Result) summary(t int) YearSummary {
	w := r.World
	if len(w.Regions) == 0 {
		s := r.summaryOf(w, t)
		roundStruct(&s)
		return s
	}
	var s YearSummary
	for _, rw := range w.Regions {
		addSummary(&s, r.summaryOf(rw, t))
	}
	s.Year = w.H.Years[t]
	s.ComputeH100eM = s.ComputeEFLOPS * 1e12 / w.V.At("compute.h100_flops", w.H.Years[t])
	roundStruct(&s)
	return s
}

// RegionSummary is region's summary row for period t (the whole plan's
// for the single region, world).
func (r *Result) RegionSummary(region string, t int) YearSummary {
	s := r.summaryOf(r.World.RegionWorld(region), t)
	roundStruct(&s)
	return s
}

// addSummary adds every quantity of b to a (the year too: set it after).
func addSummary(a *YearSummary, b YearSummary) {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		if f := va.Field(i); f.Kind() == reflect.Float64 {
			f.SetFloat(f.Float() + vb.Field(i).Float())
		}
	}
}

// summaryOf is the summary row of period t of one region's sub-model (or
// of the single-region model), unrounded.
func (r *Result) summaryOf(w *constraints.World, t int) YearSummary {
	c := w.Compute
	s := YearSummary{
		Year:            w.H.Years[t],
		EarthGW:         r.val(c.EarthGW, t),
		OrbitGW:         r.val(c.OrbitGW, t),
		TargetGW:        w.V.At("target.compute_gw", w.H.Years[t]+w.H.Step-1),
		ShortfallGW:     r.val(c.Shortfall, t),
		MadeM:           r.val(c.Made, t),
		InstalledEarthM: r.val(c.InstallEarth, t),
		InstalledOrbitM: r.val(c.InstallOrbit, t),
		StrandedM:       r.val(c.Stranded, t),
		HBMEB:           r.Eval(w.Shared.HBM[t]),
		MassMt:          r.Eval(w.Shared.Mass[t]),
		CostB:           r.val(w.Cost.Total, t),
	}
	if imp := w.Shared.HBMImports; imp != nil {
		// A region's HBM need is net of what it imports: the column is
		// what its accelerators use, wherever it was made.
		s.HBMEB += r.Eval(imp[t])
	}
	s.ComputeGW = s.EarthGW + s.OrbitGW
	s.EarthEFLOPS = r.Eval(c.EarthEFLOPS[t])
	if c.OrbitEFLOPS != nil {
		s.OrbitEFLOPS = r.Eval(c.OrbitEFLOPS[t])
	}
	s.ComputeEFLOPS = s.EarthEFLOPS + s.OrbitEFLOPS
	// EFLOP/s × 10¹⁸ / (FLOP/s per H100) / 10⁶ = M H100-equivalents.
	s.ComputeH100eM = s.ComputeEFLOPS * 1e12 / w.V.At("compute.h100_flops", w.H.Years[t])
	s.TargetEFLOPS = w.V.At("target.compute_flops", w.H.Years[t]) / 1e18
	if c.ShortfallFLOPS != nil {
		// Indexed only by the periods with a FLOP/s target.
		for j, label := range c.ShortfallFLOPS.Index() {
			if label == constraints.Label(w.H.Years[t]) {
				s.ShortfallEFLOPS = r.Solution.Value(c.ShortfallFLOPS.At(j))
			}
		}
	}
	if p := w.Power; p != nil {
		s.ExistingGenGW = round(p.Existing)
		s.GridGW = r.val(p.GridOnline, t)
		s.TurbinesGW = r.val(p.TurbinesOnline, t)
		s.SolarGW = r.val(p.SolarOnline, t)
		s.CastingsGW = r.val(p.Castings, t)
	}
	if ch := w.Chips; ch != nil {
		starts := r.Values(ch.FabStarts)
		s.FabsBuilding = ch.FabsBuilding(starts, t)
		s.FabsOnline = ch.FabsOnline(starts, t)
		s.UnmadeM = r.val(ch.Unmade, t)
	}
	if l := w.Launch; l != nil {
		s.Launches = r.val(l.Launches, t) * 1e3
		s.Ships = r.val(l.Fleet, t)
		s.Pads = r.val(l.Pads.Capacity, t) + w.V.At("launch.pads_initial", w.H.Years[0])
	}
	if sp := w.Space; sp != nil {
		s.OrbitPowerNewGW = r.val(sp.PowerNew, t)
	}
	if rb := w.Robots; rb != nil {
		s.RobotsMadeM = r.val(rb.Produced, t)
		s.RobotsStockM = r.val(rb.Stock, t)
	}
	return s
}

func (r *Result) modelStats() ModelStats {
	m := r.World.Model
	lo, hi := m.CoefficientRange()
	return ModelStats{Rows: m.NumRows(), Cols: m.NumCols(), Nonzeros: m.NumNonzeros(), Integers: m.NumIntegers(),
		MinCoef: roundSig(lo), MaxCoef: roundSig(hi), Residual: round(r.Solution.Residual.Max)}
}
