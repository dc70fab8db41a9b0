// Package constraints encodes teraplan's world model as named families of an lp.Model, one file per module.
//
// Modules couple only through shared quantities, held in [Shared] as one
// linear expression per period: accelerators made and installed, generation
// demand, mass to orbit, solar cells, HBM and DDR, edge chips, labour and cost.
// A module that consumes a quantity adds terms to it; a module that limits it
// adds rows over it. Switching a module off removes its variables, rows and
// costs, so whatever it supplied becomes unconstrained and free — the way to
// ask "what if power were no limit at all?".
//
// Units inside the LP: power GW, mass Mt, money $B, accelerators, robots and
// wafers in millions, memory EB, launches in thousands, labour in thousands of
// worker-years. Flows are amounts per period; stocks are end of period.
package constraints

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"teraplan/lp"
)

// Mode selects the objective.
type Mode int

const (
	// MinCost meets target.compute_gw at least discounted cost; a missed
	// target is a priced shortfall, never an infeasible model.
	MinCost Mode = iota
	// MaxCompute maximises compute in Options.Year, ties broken toward more
	// compute in earlier years, optionally under budget.usd_per_year.
	MaxCompute
)

func (m Mode) String() string {
	if m == MaxCompute {
		return "max-compute"
	}
	return "min-cost"
}

// ParseMode reads "min-cost" or "max-compute".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "min-cost", "":
		return MinCost, nil
	case "max-compute":
		return MaxCompute, nil
	}
	return 0, fmt.Errorf("constraints: unknown mode %q (want min-cost or max-compute)", s)
}

// Options choose the objective and integrality.
type Options struct {
	Mode Mode
	Year float64 // MaxCompute: the year whose compute is maximised (0 = last)
	MIP  bool    // integer expansion decisions (fabs, pads, lines)
	// Relax scales the capacity side of one capacity row: family and
	// year → factor (1.1 is 10% more capacity). For bottleneck re-solves.
	Relax map[RelaxKey]float64
	// Metric is what MaxCompute maximises: GW of IT power or FLOP/s.
	Metric Metric
	// Learning selects how learned costs enter (see Learning);
	// LearningCosts gives, under LearningFixed, each learned
	// technology's unit cost per period in its price's unit.
	Learning      LearningMode
	LearningCosts map[string][]float64
	// LearningCaps bounds, under LearningExact, each technology's
	// cumulative volume by the end of the horizon (see Learning).
	LearningCaps map[string]float64
	// Region, in a scenario with regions, is the region MaxCompute
	// maximises while every other region keeps its Floors (see buildRegions);
	// "" maximises the regions' total.
	Region string
	// Floors give, for a MaxCompute plan for one Region, each other
	// region's compute (GW) per period of the whole horizon that the plan
	// must leave it: what it has in the min-cost plan (see buildRegions).
	Floors map[string][]float64
	// Relaxable keeps each capacity row's use side, so that Relaxed can
	// rebuild a row relaxed without building the world again. It changes
	// nothing in the model.
	Relaxable bool
}

// Metric is the unit compute is maximised in.
type Metric int

const (
	// MetricGW counts compute as GW of AI IT power.
	MetricGW Metric = iota
	// MetricFLOPS counts compute as FLOP/s, each cohort at its own
	// accelerator.flops.
	MetricFLOPS
)

func (m Metric) String() string {
	if m == MetricFLOPS {
		return "flops"
	}
	return "gw"
}

// ParseMetric reads "gw" or "flops".
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "gw", "GW", "":
		return MetricGW, nil
	case "flops", "FLOPS", "flop/s", "FLOP/s":
		return MetricFLOPS, nil
	}
	return 0, fmt.Errorf("constraints: unknown metric %q (want gw or flops)", s)
}

// RelaxKey names one row of a capacity family.
type RelaxKey struct {
	Family string
	Year   float64
}

// Horizon is the sequence of periods.
type Horizon struct {
	Years []float64
	Step  float64
}

// N is the number of periods.
func (h Horizon) N() int { return len(h.Years) }

// Start is the first period's year.
func (h Horizon) Start() float64 { return h.Years[0] }

// Index labels the periods, "2026" or "2026.25".
func (h Horizon) Index() lp.Index { return lp.Periods(h.Years) }

// Lead is a lead time in periods, L = Whole + Frac with 0 ≤ Frac < 1.
//
// Something started in period s with lead time L is online from period
// s + L on, read pro rata: a share 1 − Frac lands in period s + Whole and
// Frac in s + Whole + 1. Equivalently, the share online j periods after the
// start is the mean over one period of the step "online at age ≥ L":
//
//	online(j) = ∫_{j−L}^{j−L+1} 1[x ≥ 0] dx = clamp(j − L + 1, 0, 1)
//
// So a 1.5-year lag on yearly periods delivers half one period later and
// half the next, on quarterly periods all of it six quarters later, and
// every answer moves continuously with every lead time (rounding a lag up
// to whole periods made cliffs: 1% more build time could cost a period).
type Lead struct {
	Whole int
	Frac  float64
}

// Lag converts a lead time in years to a Lead in periods. Zero or negative
// lead times land in the period they start.
func (h Horizon) Lag(years float64) Lead {
	if !(years > 0) {
		return Lead{}
	}
	l := years / h.Step
	k := math.Floor(l + 1e-9) // 0.1 × 3 / 0.1 is 2.9999999999999996: 3 periods
	f := l - k
	if f < 1e-9 {
		f = 0
	}
	return Lead{Whole: int(k), Frac: f}
}

// Periods is the lead time as a number of periods.
func (l Lead) Periods() float64 { return float64(l.Whole) + l.Frac }

// Lands is the share of a start that lands j periods after it.
func (l Lead) Lands(j int) float64 {
	switch j {
	case l.Whole:
		return 1 - l.Frac
	case l.Whole + 1:
		return l.Frac
	}
	return 0
}

// Online is the share of a start online j periods after it:
// the sum of Lands(0..j).
func (l Lead) Online(j int) float64 {
	switch {
	case j < l.Whole:
		return 0
	case j == l.Whole:
		return 1 - l.Frac
	}
	return 1
}

// Last is the last offset at which anything lands: Whole, or Whole + 1
// when the lead time is fractional.
func (l Lead) Last() int {
	if l.Frac > 0 {
		return l.Whole + 1
	}
	return l.Whole
}

// Spread is the share of work done in the j-th period of a build that lasts
// l periods, at least one: the work is spread evenly over [0, max(L, 1))
// periods from the start, so a 2.5-period build does 0.4, 0.4 and 0.2 of its
// work in its first three periods.
func (l Lead) Spread(j int) float64 {
	span := math.Max(l.Periods(), 1)
	return math.Max(0, math.Min(float64(j+1), span)-float64(j)) / span
}

// Life converts a lifetime in years to periods, at least one. Survive(life,
// j) is the share of a vintage still in service j periods after it was
// installed.
func (h Horizon) Life(years float64) float64 {
	l := math.Round(years/h.Step*1e9) / 1e9 // 0.3 / 0.1 is 3 periods, not 2.9999999999999996
	return math.Max(l, 1)
}

// Survive is the share of a vintage in service j periods after it was
// installed, with a life of life periods (from Horizon.Life): whole for the
// first ⌊life⌋ periods, the fractional rest in the next, nothing after — so
// a 5.5-year life on yearly periods counts half a vintage in its sixth
// year, and answers move continuously with lifetimes.
func Survive(life float64, j int) float64 {
	return math.Max(0, math.Min(1, life-float64(j)))
}

// MaxPeriods bounds the length of a horizon.
const MaxPeriods = 2000

// NewHorizon builds the periods from start by step that cover the years
// start through end, the end year whole: 2026–2040 by 1 is 15 periods,
// 2026–2075 by 0.25 is 200 (the last starts at 2075.75).
func NewHorizon(start, end, step float64) (Horizon, error) {
	for _, x := range []float64{start, end, step} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Horizon{}, fmt.Errorf("constraints: horizon %v–%v by %v is not finite", start, end, step)
		}
	}
	switch {
	case !(step > 0):
		return Horizon{}, fmt.Errorf("constraints: horizon step %v years must be positive", step)
	case end < start:
		return Horizon{}, fmt.Errorf("constraints: horizon end year %v is before start year %v", end, start)
	}
	q := math.Ceil((end+1-start)/step - 1e-9) // compared as a float: may not fit an int
	if q > MaxPeriods {
		return Horizon{}, fmt.Errorf("constraints: horizon %v–%v by %v years has %.0f periods, more than %d",
			start, end, step, q, MaxPeriods)
	}
	n := max(int(q), 1)
	h := Horizon{Step: step, Years: make([]float64, n)}
	for i := range h.Years {
		h.Years[i] = math.Round((start+float64(i)*step)*1e9) / 1e9
	}
	return h, nil
}

// Shared holds the quantities modules exchange, one expression per period.
type Shared struct {
	Made         []lp.Expr // accelerators made (M)
	InstallEarth []lp.Expr // accelerators installed on Earth (M)
	InstallOrbit []lp.Expr // accelerators installed in orbit (M)
	EarthGen     []lp.Expr // generation needed by the fleet installed since the start (GW)
	Mass         []lp.Expr // mass to launch from Earth (Mt)
	GroundCells  []lp.Expr // solar cells for ground panels (GW)
	SpaceCells   []lp.Expr // solar cells for orbital arrays (GW)
	HBM          []lp.Expr // HBM needed (EB)
	DDR          []lp.Expr // DDR needed beyond the rest of the world's (EB)
	EdgeChips    []lp.Expr // edge chips needed (M)
	EdgeGW       []lp.Expr // edge power drawn off-peak (GW)
	Labour       []lp.Expr // construction labour needed (k worker-years)
	RobotLabour  []lp.Expr // labour robots provide (k worker-years)
	Cost         map[string][]lp.Expr
	// AccelImports and HBMImports are a region's net imports of
	// accelerators (M) and HBM (EB) per period, set by the trade module
	// before the region is built; nil without regions.
	AccelImports, HBMImports []lp.Expr
}

// Cost components, reported per year.
const (
	CostChips       = "chips"
	CostFabs        = "fabs"
	CostPackaging   = "packaging"
	CostMemory      = "memory"
	CostFacility    = "facility"
	CostPowerPlant  = "power_plant"
	CostFuel        = "fuel_electricity"
	CostBatteries   = "batteries"
	CostCells       = "cells"
	CostSolarBOS    = "solar_bos"
	CostLaunch      = "launch"
	CostLaunchInfra = "launch_infrastructure"
	CostSatellite   = "satellite_hardware"
	CostLunar       = "lunar"
	CostRobots      = "robots"
	CostCastings    = "castings"
	CostShips       = "launch_vehicles"
	CostFactories   = "satellite_factories"
	CostFinance     = "finance_interest"
	CostPenalty     = "shortfall_penalty"
)

// World is the built model: the lp.Model, the inputs, and each module's
// typed handles to its families.
type World struct {
	Model   *lp.Model
	H       Horizon
	V       Values
	Opt     Options
	Shared  Shared
	Compute *Compute
	Chips   *Chips
	Memory  *Memory
	Power   *Power
	Solar   *Solar
	Launch  *Launch
	Space   *Space
	Lunar   *Lunar
	Robots  *Robots
	Labour  *Labour
	Cost    *Cost
	Capital *Capital
	// Learning is nil unless Options.Learning is on.
	Learning *Learning
	// Capacity holds, for each capacity family, the capacity side of its
	// row in every period (use ≤ capacity).
	Capacity map[string][]lp.Expr
	// StartLimits marks the start-rate limits (growth and the launch
	// ramp): how fast an industry can be built up, which a pushed plan
	// (claims) leaves as it is.
	StartLimits map[string]bool
	// use holds, for each capacity family, the use side of its row in
	// every period, for rebuilding one row relaxed (Relaxed); only with
	// Options.Relaxable.
	use map[string][]usedAt
	// Region is the region a regional sub-model is built for ("" for the
	// whole model); its families are named family@Region.
	Region string
	// Regions, in a scenario with regions, are the regions' sub-models,
	// in the scenario's order; the whole model's Compute, Cost and Shared
	// then sum them, and its other modules are nil (see buildRegions).
	Regions []*World
	// Trade holds the trade families between regions (nil without regions).
	Trade *Trade
	// floorGap is, in another region of a max-compute plan for one, the
	// compute its floor misses (see buildRegions).
	floorGap *lp.VarFamily

	labour  []lp.Builder // labour terms by period, until finishLabour
	salvage lp.Builder   // end-of-horizon value of what was built ($B)
	// tieBreak sums quantities with no cost that should be no larger than
	// the plan needs (capacity online, robot-built lines, savings); the
	// objective charges them a negligible price (Cost).
	tieBreak lp.Builder
	idx      lp.Index // the periods' labels
	// perPeriod caches series: each parameter read in every period.
	perPeriod map[string][]float64
}

// buildError carries a modelling error out of the builders to Build.
type buildError struct{ err error }

// Build encodes the world model for values v into a new lp.Model.
func Build(v Values, opt Options) (w *World, err error) {
	for _, p := range registry {
		if _, ok := v.Params[p.Key]; !ok {
			return nil, fmt.Errorf("constraints: parameter %s is not set", p.Key)
		}
	}
	start, end := v.At("horizon.start_year", 0), v.At("horizon.end_year", 0)
	if opt.Mode == MaxCompute {
		if opt.Year == 0 {
			opt.Year = end
		}
		if opt.Year < start || opt.Year >= end+1 {
			return nil, fmt.Errorf("constraints: --year %v is outside the horizon %v-%v", opt.Year, start, end)
		}
	}
	h, err := NewHorizon(start, end, v.At("horizon.step_years", 0))
	if err != nil {
		return nil, err
	}
	if err := v.CheckRegions(); err != nil {
		return nil, err
	}
	if opt.Region != "" && !slices.Contains(v.Regions, opt.Region) {
		return nil, fmt.Errorf("constraints: region %q is not one of the scenario's regions (%s)", opt.Region, strings.Join(v.RegionNames(), ", "))
	}
	if v.MultiRegion() && opt.Learning != LearningOff {
		return nil, errors.New("constraints: learning is not regional: solve a scenario with regions with learning off")
	}
	if opt.Mode == MaxCompute {
		// Keep the periods up to and including the chosen year, which
		// must itself be a period.
		full, err := NewHorizon(start, v.At("horizon.end_year", 0), h.Step)
		if err != nil {
			return nil, err
		}
		i, err := full.Period(opt.Year)
		if err != nil {
			return nil, err
		}
		h.Years = full.Years[:i+1]
	}
	defer func() {
		if r := recover(); r != nil {
			be, ok := r.(buildError)
			if !ok {
				panic(r)
			}
			w, err = nil, be.err
		}
	}()
	w = &World{Model: lp.NewModel("teraplan"), H: h, V: v, Opt: opt}
	n := h.N()
	regions := 1
	if v.MultiRegion() {
		regions = len(v.Regions)
	}
	// Per period the model has 84–89 rows, 66–71 columns and up to
	// 230 + 70/step nonzeros: lead times and labour spread over a build
	// span more periods when periods are shorter (253–300 yearly,
	// 392–470 quarterly; a row holds its entries before zeros are
	// dropped, so the estimate is the high end).
	w.Model.Reserve(regions*(90*n+8), regions*(72*n+8), regions*int(float64(n)*(230+70/h.Step)))
	w.initShared()
	if v.MultiRegion() {
		w.buildRegions()
		return w, nil
	}
	w.buildModules()
	w.Cost.setObjective(w)
	return w, nil
}

// initShared makes the shared quantities' per-period slices.
func (w *World) initShared() {
	n := w.H.N()
	s := &w.Shared
	for _, f := range s.flows() {
		*f = make([]lp.Expr, n)
	}
	s.Cost = map[string][]lp.Expr{}
}

// flows lists the shared per-period quantities.
func (s *Shared) flows() []*[]lp.Expr {
	return []*[]lp.Expr{&s.Made, &s.InstallEarth, &s.InstallOrbit, &s.EarthGen, &s.Mass,
		&s.GroundCells, &s.SpaceCells, &s.HBM, &s.DDR, &s.EdgeChips, &s.EdgeGW, &s.Labour, &s.RobotLabour}
}

// buildModules builds every module of one region (or of the
// single-region world) into w.Model, and its costs, without setting the
// objective.
func (w *World) buildModules() {
	v, opt := w.V, w.Opt
	// Consumers first, then the modules that limit what they consume.
	w.Compute = buildCompute(w)
	if v.Enabled("space") {
		w.Space = buildSpace(w) // and the lunar module, when on
	}
	if v.Enabled("robots") {
		w.Robots = buildRobots(w)
	}
	if v.Enabled("power") {
		w.Power = buildPower(w)
	}
	if v.Enabled("chips") {
		w.Chips = buildChips(w)
	}
	if v.Enabled("memory") {
		w.Memory = buildMemory(w)
	}
	if w.Chips != nil {
		w.Chips.buildEUV(w)
	}
	if v.Enabled("launch") {
		w.Launch = buildLaunch(w)
	}
	if v.Enabled("solar") {
		w.Solar = buildSolar(w)
	}
	w.finishLabour()
	if v.Enabled("labour") {
		w.Labour = buildLabour(w)
	}
	if opt.Learning != LearningOff {
		w.Learning = buildLearning(w)
	}
	w.Cost = buildCost(w)
}

// at reads parameter key in period t.
//
// A trajectory's value for year Y is its value over the calendar year Y, so
// a period reads it at its own middle, half a year earlier: a yearly period
// reads year Y's value itself, and the four quarters of year Y read values
// that average to it. Rising rates, prices and ceilings then give a year
// the same amount on yearly and quarterly periods. Targets on end-of-period
// stocks read targetAt instead.
func (w *World) at(key string, t int) float64 { return w.V.At(key, w.H.Mid(t)) }

// series returns parameter key read in every period, at(key, t) for each
// t, resolved once per World: the hot builders read keys in a loop over
// the periods through it. The caller must not modify the slice.
func (w *World) series(key string) []float64 {
	if s, ok := w.perPeriod[key]; ok {
		return s
	}
	s := make([]float64, w.H.N())
	for t := range s {
		s[t] = w.V.At(key, w.H.Mid(t))
	}
	if w.perPeriod == nil {
		w.perPeriod = make(map[string][]float64, 64) // about as many keys as a model reads so
	}
	w.perPeriod[key] = s
	return s
}

// targetAt reads a target on an end-of-period stock in period t: year Y's
// target is due at the end of year Y, so a period reads the target of the
// year that ends when it does (yearly periods read their own year; the
// quarter 2030.75 reads 2030's, the quarter 2031.0 a quarter of the way to
// 2031's).
func (w *World) targetAt(key string, t int) float64 {
	return w.V.At(key, w.H.Years[t]+w.H.Step-1)
}

// Mid is the year at which period t reads a yearly trajectory: its middle
// less half a year (the period's own year when periods are yearly).
func (h Horizon) Mid(t int) float64 { return h.Years[t] + (h.Step-1)/2 }

// atYear reads parameter key in a year that may lie before the horizon.
func (w *World) atYear(key string, y float64) float64 { return w.V.At(key, y) }

func (w *World) fail(err error) {
	panic(buildError{err})
}

// scoped is a family name as this (sub-)model names it: name@region in
// a region's sub-model, name itself otherwise.
func (w *World) scoped(name string) string {
	if w.Region == "" {
		return name
	}
	return RegionKey(name, w.Region)
}

// vars adds a variable family over the periods.
func (w *World) vars(name string, b lp.Bounds) *lp.VarFamily {
	f, err := w.Model.AddVars(w.scoped(name), w.index(), b)
	if err != nil {
		w.fail(err)
	}
	return f
}

// rows adds a constraint family over the periods.
func (w *World) rows(name string, rows []lp.Row) *lp.ConFamily {
	c, err := w.Model.AddConstraints(w.scoped(name), w.index(), rows)
	if err != nil {
		w.fail(err)
	}
	return c
}

// capacity returns the row use ≤ capacity for period t of family name,
// recording the capacity side so that bottleneck analysis can read its
// value and re-solve with it scaled (Options.Relax).
func (w *World) capacity(name string, t int, use, capacity lp.Expr) lp.Row {
	name = w.scoped(name)
	if w.Capacity == nil {
		w.Capacity = map[string][]lp.Expr{}
	}
	c := w.Capacity[name]
	if c == nil {
		c = make([]lp.Expr, w.H.N())
		w.Capacity[name] = c
	}
	c[t] = capacity
	if w.Opt.Relaxable {
		w.keepUse(name, t, use)
	}
	f, ok := w.Opt.Relax[RelaxKey{name, w.H.Years[t]}]
	if !ok {
		f = 1
	}
	return capacityRow(use, capacity, f)
}

// keepUse records use as the use side of row t of capacity family name.
func (w *World) keepUse(name string, t int, use lp.Expr) {
	if w.use == nil {
		w.use = map[string][]usedAt{}
	}
	u := w.use[name]
	if u == nil {
		u = make([]usedAt, w.H.N())
		w.use[name] = u
	}
	u[t] = usedAt{use, true}
}

// usedAt is the use side of a capacity row, set when the row was made.
type usedAt struct {
	e   lp.Expr
	set bool
}

// capacityRow is the row use ≤ f·capacity.
func capacityRow(use, capacity lp.Expr, f float64) lp.Row {
	if f != 1 {
		capacity = capacity.Scale(f)
	}
	return lp.LE(use, capacity)
}

// Relaxed returns the world's model with the capacity side of the row
// key names scaled by f, as Build with Options.Relax{key: f} would make
// it, without building the world again: a copy of the model with that
// row replaced (lp.Model.WithRow), whose solutions read the world's
// variables. ok is false when the world was built without
// Options.Relaxable or with key already relaxed, or has no such capacity
// row.
func (w *World) Relaxed(key RelaxKey, f float64) (m *lp.Model, ok bool, err error) {
	if _, relaxed := w.Opt.Relax[key]; relaxed {
		return nil, false, nil
	}
	use, capacity := w.use[key.Family], w.Capacity[key.Family]
	t := slices.Index(w.H.Years, key.Year) // exactly, as Build matches Options.Relax
	if t < 0 || t >= len(use) || t >= len(capacity) || !use[t].set {
		return nil, false, nil
	}
	var fam *lp.ConFamily
	for _, c := range w.Model.ConFamilies() {
		if c.Name() == key.Family {
			fam = c
			break
		}
	}
	if fam == nil || fam.Len() != w.H.N() {
		return nil, false, nil
	}
	m, err = w.Model.WithRow(fam, t, capacityRow(use[t].e, capacity[t], f))
	return m, err == nil, err
}

// index returns the periods' labels, made once per model.
func (w *World) index() lp.Index {
	if w.idx == nil {
		w.idx = w.H.Index()
	}
	return w.idx
}

// addLabour adds c·v of construction labour needed in period t. Terms are
// collected per period and summed once (finishLabour): adding them one by
// one to an immutable expression would copy it every time, quadratic in
// the number of builds under way.
func (w *World) addLabour(t int, c float64, v lp.Var) {
	if w.labour == nil {
		w.labour = make([]lp.Builder, w.H.N())
	}
	w.labour[t].Add(c, v)
}

// finishLabour sums the collected labour terms into Shared.Labour.
func (w *World) finishLabour() {
	for t := range w.labour {
		w.Shared.Labour[t] = w.labour[t].Expr()
	}
	w.labour = nil
}

// bound sets the upper bound of entry t of f.
func (w *World) bound(f *lp.VarFamily, t int, lo, hi float64) {
	if err := w.Model.SetBounds(f.At(t), lo, hi); err != nil {
		w.fail(err)
	}
}

// addCost adds expr to cost component c in period t ($B, undiscounted).
func (w *World) addCost(c string, t int, e lp.Expr) {
	s := w.Shared.Cost[c]
	if s == nil {
		s = make([]lp.Expr, w.H.N())
		w.Shared.Cost[c] = s
	}
	s[t] = s[t].Plus(e)
}

// addCapex adds capital spending e ($B) in period t, as addCost does, and
// credits its salvage value at the end of the horizon: an asset usable
// delay years after period t starts, for life years, is worth the share
// of its life left at the end of the last period (TIMES's salvage value,
// straight-line), so the last periods are not starved of investment.
func (w *World) addCapex(c string, t int, e lp.Expr, delay, life float64) {
	w.addCost(c, t, e)
	if f := w.salvageShare(t, delay, life); f > 0 {
		w.salvage.AddExpr(e.Scale(f))
	}
}

// salvageShare is the share of an asset's life left at the end of the
// horizon, for an asset bought in period t, usable delay years later, for
// life years.
func (w *World) salvageShare(t int, delay, life float64) float64 {
	if life <= 0 {
		return 0
	}
	end := w.H.Years[w.H.N()-1] + w.H.Step
	left := w.H.Years[t] + delay + life - end
	return math.Max(0, math.Min(1, left/life))
}

// Expansion is a family of discrete capacity builds: lines, fabs, pads,
// plants. A build started in period s adds Size of capacity from period
// s + lag on, split pro rata when the lag is a fractional number of periods
// (see Lead), costs Cost ($B) when started, and needs Labour thousand
// worker-years spread evenly over its build time (Lead.Spread).
type Expansion struct {
	Starts   *lp.VarFamily // builds started per period (integer under --mip)
	Capacity *lp.VarFamily // capacity online at the end of the period, in Size's unit
	// Stock: Capacity[t] = Capacity[t-1] + Σ_s Lands(t−s) · Size · Starts[s]
	Stock  *lp.ConFamily
	Growth *lp.ConFamily // the start-rate limit (see growth)
}

// expansion builds an Expansion named prefix: variables prefix_starts and
// prefix_online, rows prefix_stock and the start-rate limit prefix_growth
// (see growth; its parameters are growthPrefix+"starts_initial_per_year"
// and growthPrefix+"starts_growth_per_year"). sizeKey × sizeScale gives the
// capacity one build adds, in LP units (an empty sizeKey means sizeScale
// alone); costKey ($) and labourKey (worker-years) may be empty. Capex is
// credited at its salvage value at the end of the horizon over
// cost.industrial_lifetime_years. A build whose lag puts nothing inside the
// horizon (s + Whole ≥ n) is bounded to zero.
func (w *World) expansion(prefix, sizeKey string, sizeScale float64, yearsKey, costKey, labourKey, costComponent, growthPrefix string) *Expansion {
	n := w.H.N()
	e := &Expansion{}
	e.Starts = w.vars(prefix+"_starts", lp.NonNeg().IntIf(w.Opt.MIP))
	e.Capacity = w.vars(prefix+"_online", lp.NonNeg())
	landing := w.landing(yearsKey)
	years := w.series(yearsKey)
	var cost, life, labour []float64
	if costKey != "" {
		cost, life = w.series(costKey), w.series("cost.industrial_lifetime_years")
	}
	if labourKey != "" {
		labour = w.series(labourKey)
	}
	for s := 0; s < n; s++ {
		lag := w.H.Lag(years[s])
		if s+lag.Whole >= n {
			// Builds that cannot land inside the horizon are pointless.
			w.bound(e.Starts, s, 0, 0)
		}
		if cost != nil {
			w.addCapex(costComponent, s, e.Starts.X(s).Scale(cost[s]/1e9), years[s], life[s])
		}
		if labour != nil {
			total := labour[s] / 1e3
			for j := 0; s+j < n; j++ {
				share := lag.Spread(j)
				if share == 0 {
					break
				}
				w.addLabour(s+j, total*share, e.Starts.At(s))
			}
		}
	}
	var sizes []float64
	if sizeKey != "" {
		sizes = w.series(sizeKey)
	}
	rows := make([]lp.Row, n)
	var rhs lp.Builder
	rhs.Grow(3 * n) // each start lands in at most two periods
	for t := 0; t < n; t++ {
		rhs.Reset()
		if t > 0 {
			rhs.Add(1, e.Capacity.At(t-1))
		}
		for _, l := range landing[t] {
			size := sizeScale
			if sizes != nil {
				size *= sizes[l.Start]
			}
			rhs.Add(size*l.Share, e.Starts.At(l.Start))
		}
		rows[t] = lp.EQ(e.Capacity.X(t), rhs.Expr())
	}
	e.Stock = w.rows(prefix+"_stock", rows)
	e.Growth = w.growth(prefix+"_growth", e.Starts, growthPrefix)
	// Capacity is online no earlier and no larger than the plan needs:
	// while the capital budget binds, savings carry spending between years
	// at no cost, so starting a pad or a satellite factory a year early
	// costs the same, and so does one expansion's share against another's
	// of equal cost and labour (two pads and one factory). Without a price
	// on capacity online, which of those equal plans a solve reports would
	// depend on where it started. (A price on starts instead took warm
	// Monte Carlo samples 2.6 times the dual simplex iterations.)
	for t := range n {
		w.tieBreak.Add(w.H.Step, e.Capacity.At(t)) // capacity-years
	}
	return e
}

// Landed is a share of the additions started in period Start that comes
// online in a given period.
type Landed struct {
	Start int
	Share float64
}

// landing lists, for each period t, the starts s whose additions, with
// lead time lagKey read at s, come online in t, and the share that lands
// there (Lead.Lands(t − s)): at most two periods receive each start. Linear
// in the number of periods.
func (w *World) landing(lagKey string) [][]Landed {
	n := w.H.N()
	lags := make([]Lead, n)
	for s, years := range w.series(lagKey) {
		lags[s] = w.H.Lag(years)
	}
	// each calls f for each share of a start that lands inside the horizon.
	each := func(f func(t int, l Landed)) {
		for s, lag := range lags {
			for j := lag.Whole; j <= lag.Last() && s+j < n; j++ {
				if share := lag.Lands(j); share > 0 {
					f(s+j, Landed{s, share})
				}
			}
		}
	}
	// Count first, so that every period's list is carved from one array.
	count, total := make([]int, n), 0
	each(func(t int, _ Landed) { count[t]++; total++ })
	out, all := make([][]Landed, n), make([]Landed, total)
	for t, c := range count {
		out[t], all = all[:0:c], all[c:]
	}
	each(func(t int, l Landed) { out[t] = append(out[t], l) })
	return out
}

// Label formats a period's year the way families index it: "2026",
// "2026.75". Machine-readable output (family indexes, JSON) uses it.
func Label(y float64) string { return strconv.FormatFloat(y, 'f', -1, 64) }

// PeriodLabel names the period that starts in year y, on a horizon whose
// periods last step years, the way people read it: yearly "2026",
// half-yearly "2026 H2", quarterly "2026 Q4" (for 2026.75, never "2027"),
// monthly "2026-10"; a period that fits none of these reads as its decimal
// year (Label). Every human-facing output labels periods with it.
func PeriodLabel(y, step float64) string {
	year := math.Floor(y + 1e-9)
	frac := y - year
	whole := strconv.FormatFloat(year, 'f', 0, 64)
	sub := func(per int) (int, bool) { // the period's number within its year, from 0
		k := math.Round(frac * float64(per))
		return int(k), math.Abs(frac*float64(per)-k) < 1e-6 && math.Abs(step*float64(per)-1) < 1e-9
	}
	if step >= 1-1e-9 && math.Abs(step-math.Round(step)) < 1e-9 && math.Abs(frac) < 1e-9 {
		return whole // yearly, or every few years
	}
	if k, ok := sub(2); ok {
		return fmt.Sprintf("%s H%d", whole, k+1)
	}
	if k, ok := sub(4); ok {
		return fmt.Sprintf("%s Q%d", whole, k+1)
	}
	if k, ok := sub(12); ok {
		return fmt.Sprintf("%s-%02d", whole, k+1)
	}
	return Label(y)
}

// Output is what the expansion's capacity (a yearly rate) yields over
// period t: Δ·(Capacity[t−1] + Capacity[t])/2. Builds start through a
// period and so land through one; capacity that lands during period t works
// half of it on average, what stood at the end of t−1 all of it. (Counting
// the end-of-period capacity for the whole period would let a yearly plan
// produce half a year more from every new line than a quarterly plan.)
func (e *Expansion) Output(t int, dt float64) lp.Expr {
	out := e.Capacity.X(t).Scale(dt / 2)
	if t > 0 {
		out = out.AddTerm(dt/2, e.Capacity.At(t-1))
	}
	return out
}

// ErrNoYear is returned when a requested year is not a period.
var ErrNoYear = errors.New("constraints: year is not a period of the horizon")

// Period returns the index of year y.
func (h Horizon) Period(y float64) (int, error) {
	for i, x := range h.Years {
		if math.Abs(x-y) < 1e-9 {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %v", ErrNoYear, y)
}
