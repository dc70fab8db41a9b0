package constraints

import (
	"fmt"
	"math"

	"teraplan/lp"
)

// LearningMode selects how costs that fall with volume enter the model.
type LearningMode int

const (
	// LearningOff leaves every price on the trajectory the scenario writes.
	LearningOff LearningMode = iota
	// LearningFixed prices each period's volume at the unit costs in
	// Options.LearningCosts (one step of the iterated LP, see plans).
	LearningFixed
	// LearningExact prices cumulative volume on the piecewise-linear
	// learning curve with binary segment selection (a MIP).
	LearningExact
)

func (m LearningMode) String() string {
	switch m {
	case LearningFixed:
		return "iterated"
	case LearningExact:
		return "exact"
	}
	return "off"
}

// Technology is one product whose cost follows Wright's law on the plan's
// own cumulative volume: its priced volume per period, the parameter whose
// start-year value is the price at the initial volume, and where the cost
// is booked.
type Technology struct {
	Name       string // "launch", "solar", "accelerator", "robot"
	PriceKey   string // the learned price, "launch.cost_usd_per_kg"
	Volume     string // unit of cumulative volume, "Mt"
	Unit       string // unit of the price, "$/kg"
	Module     string // the module whose volume it is
	Component  string // cost component charged
	Scale      float64
	LifeKey    string // capex with salvage over this life; "" = operating cost
	rateKey    string
	floorKey   string
	initialKey string
}

// Technologies lists the learned technologies in a fixed order. Volume ×
// price × Scale is $B.
var Technologies = []Technology{
	{Name: "launch", PriceKey: "launch.cost_usd_per_kg", Volume: "Mt", Unit: "$/kg", Module: "launch",
		Component: CostLaunch, Scale: 1,
		rateKey: "learning.launch_rate", floorKey: "learning.launch_floor_usd_per_kg", initialKey: "learning.launch_cumulative_initial"},
	{Name: "solar", PriceKey: "solar.cell_usd_per_w_ground", Volume: "GW", Unit: "$/W", Module: "solar",
		Component: CostCells, Scale: 1,
		rateKey: "learning.solar_rate", floorKey: "learning.solar_floor_usd_per_w", initialKey: "learning.solar_cumulative_initial"},
	{Name: "accelerator", PriceKey: "accelerator.cost_usd", Volume: "M", Unit: "$", Module: "compute",
		Component: CostChips, Scale: 1e-3, LifeKey: "accelerator.lifetime_years",
		rateKey: "learning.accelerator_rate", floorKey: "learning.accelerator_floor_usd", initialKey: "learning.accelerator_cumulative_initial"},
	{Name: "robot", PriceKey: "robots.cost_usd", Volume: "M", Unit: "$", Module: "robots",
		Component: CostRobots, Scale: 1e-3, LifeKey: "robots.lifetime_years",
		rateKey: "learning.robot_rate", floorKey: "learning.robot_floor_usd", initialKey: "learning.robot_cumulative_initial"},
}

// Curve is Wright's law for one technology: a unit made when V units have
// been made in all costs
//
//	c(V) = max(floor, c₀ · (V/V₀)^−b),  b = −log₂(1 − rate),
//
// so each doubling of cumulative volume cuts the cost by rate until the
// floor. The cumulative cost of going from V₀ to V is the integral
//
//	TC(V) = ∫_{V₀}^{V} c(v) dv = c₀V₀/(1−b) · ((V/V₀)^(1−b) − 1)   (b ≠ 1; c₀V₀·ln(V/V₀) at b = 1)
//
// up to the volume V_f = V₀·(c₀/floor)^(1/b) where the floor is reached, and
// grows by floor per unit beyond it. TC is concave. Both formulations price
// volume on its piecewise-linear interpolation through breakpoints
// V_k = V₀·2^(k·D/K), k = 0…K (D = learning.doublings, K =
// learning.segments, plus V_f when it falls inside), exact at the
// breakpoints; past V_K the last segment's slope continues.
type Curve struct {
	Rate, Floor, Initial, Price0 float64
	// Breaks are the breakpoints' cumulative volumes, Breaks[0] = Initial;
	// Cum the exact cumulative cost TC at each.
	Breaks, Cum []float64
}

// NewCurve builds technology tech's curve from values v: the price at the
// start year, its learning rate, floor and initial volume.
func NewCurve(v Values, tech Technology) Curve {
	start := v.At("horizon.start_year", 0)
	c := Curve{
		Rate:    v.At(tech.rateKey, start),
		Floor:   v.At(tech.floorKey, start),
		Initial: v.At(tech.initialKey, start),
		Price0:  v.At(tech.PriceKey, start),
	}
	d, k := v.At("learning.doublings", start), math.Max(1, math.Round(v.At("learning.segments", start)))
	for i := 0; i <= int(k); i++ {
		c.Breaks = append(c.Breaks, c.Initial*math.Pow(2, float64(i)*d/k))
	}
	if vf := c.floorVolume(); vf > c.Initial && vf < c.Breaks[len(c.Breaks)-1] {
		for i := 1; i < len(c.Breaks); i++ {
			if vf < c.Breaks[i]*(1-1e-9) {
				if vf > c.Breaks[i-1]*(1+1e-9) {
					c.Breaks = append(c.Breaks[:i], append([]float64{vf}, c.Breaks[i:]...)...)
				}
				break
			}
		}
	}
	c.Cum = make([]float64, len(c.Breaks))
	for i, b := range c.Breaks {
		c.Cum[i] = c.Exact(b)
	}
	return c
}

// Learns reports whether the curve changes anything: a zero rate, or a
// start price at or below the floor, leaves the trajectory standing.
func (c Curve) Learns() bool { return c.Rate > 0 && c.Price0 > c.Floor }

// exponent is b in c(V) = c₀·(V/V₀)^−b.
func (c Curve) exponent() float64 { return -math.Log2(1 - c.Rate) }

// floorVolume is V_f, the cumulative volume at which the floor is reached
// (+Inf without a floor).
func (c Curve) floorVolume() float64 {
	if c.Floor <= 0 || !c.Learns() {
		if c.Learns() {
			return math.Inf(1)
		}
		return c.Initial
	}
	return c.Initial * math.Pow(c.Price0/c.Floor, 1/c.exponent())
}

// Unit is Wright's law: the cost of a unit made at cumulative volume vol.
func (c Curve) Unit(vol float64) float64 {
	if !c.Learns() {
		return c.Price0
	}
	vol = math.Max(vol, c.Initial)
	return math.Max(c.Floor, c.Price0*math.Pow(vol/c.Initial, -c.exponent()))
}

// Exact is the cumulative cost TC(vol) of the units from the initial
// volume to vol, the integral of Unit (0 at or below the initial volume).
func (c Curve) Exact(vol float64) float64 {
	if vol <= c.Initial {
		return 0
	}
	if !c.Learns() {
		return c.Price0 * (vol - c.Initial)
	}
	vf := c.floorVolume()
	upTo := math.Min(vol, vf)
	b := c.exponent()
	var tc float64
	if math.Abs(1-b) < 1e-12 {
		tc = c.Price0 * c.Initial * math.Log(upTo/c.Initial)
	} else {
		tc = c.Price0 * c.Initial / (1 - b) * (math.Pow(upTo/c.Initial, 1-b) - 1)
	}
	if vol > vf {
		tc += c.Floor * (vol - vf)
	}
	return tc
}

// Cost is the piecewise-linear cumulative cost at vol: Exact at the
// breakpoints, linear between, the last slope continued beyond.
func (c Curve) Cost(vol float64) float64 {
	if vol <= c.Initial {
		return 0
	}
	n := len(c.Breaks)
	for i := 1; i < n; i++ {
		if vol <= c.Breaks[i] || i == n-1 {
			return c.Cum[i-1] + c.slope(i)*(vol-c.Breaks[i-1])
		}
	}
	return 0 // unreachable: n ≥ 2
}

// slope is the cost per unit on segment i (between Breaks[i−1] and Breaks[i]).
func (c Curve) slope(i int) float64 {
	return (c.Cum[i] - c.Cum[i-1]) / (c.Breaks[i] - c.Breaks[i-1])
}

// Average is the cost per unit of the volume from cumulative v0 to v1 on
// the piecewise-linear curve; with no volume, the slope at v0 (what the
// next unit would cost).
func (c Curve) Average(v0, v1 float64) float64 {
	if v1-v0 > 1e-12*math.Max(1, math.Abs(v0)) {
		return (c.Cost(v1) - c.Cost(v0)) / (v1 - v0)
	}
	for i := 1; i < len(c.Breaks); i++ {
		if v0 < c.Breaks[i] || i == len(c.Breaks)-1 {
			return c.slope(i)
		}
	}
	return c.Price0
}

// Learning holds, for each learned technology, its curve and volume, and
// under LearningExact the segment families of TIMES's endogenous
// technology learning, in the incremental form (segments fill in order, a
// binary per breakpoint says the segment before it is full, which keeps
// the LP relaxation tight):
//
//	learning.T_cumulative[t]: Σ_k (V_k − V_{k−1})·f[k,t] = Σ_{τ≤t} volume[τ],   0 ≤ f[k,t] ≤ 1
//	learning.T_full_low[k,t]: f[k,t] ≥ z[k,t]                  (z binary, k < K)
//	learning.T_full_high[k,t]: f[k+1,t] ≤ z[k,t]
//	learning.T_progress[k,t]: z[k,t] ≥ z[k,t−1]                (volume never falls back)
//	TC[t] = Σ_k (TC(V_k) − TC(V_{k−1}))·f[k,t]
//
// (f[k,t] the share of segment k filled by the end of period t).
//
// and each period is charged TC[t] − TC[t−1] (TC[−1] = 0) in place of what
// its module charges at the trajectory, price(t)·volume[t]: the module's
// term stays and the difference is added. Under LearningFixed the
// difference is (c[t] − price(t))·volume[t] with c[t] given. The exact
// form caps cumulative volume at the last breakpoint V_K, and leaves out
// the segments that start beyond Options.LearningCaps (an upper bound on
// the cumulative volume the rest of the model allows).
//
// A technology learns from its start-year price (its trajectory beyond
// that is replaced) on the plan's own volume: launch on payload capacity
// flown (launches × launch.payload_t, Mt), solar on every cell the plan
// buys (own and imported, ground and space, GW; the space discount and
// import tariff stay what the trajectories make them), accelerators on
// accelerators made and robots on robots made (M). Capex (accelerators,
// robots) keeps its salvage value over its life.
type Learning struct {
	Techs  []Technology
	Curves map[string]Curve
	// Volume is each technology's volume per period, in its Volume unit.
	Volume map[string][]lp.Expr
	// Cumulative is, under LearningExact, TC[t] per period (price × volume units).
	Cumulative map[string][]lp.Expr
	Segments   map[string]*lp.VarFamily // δ, under LearningExact
}

// LearnedVolume is technology tech's priced volume in period t, or false
// when its module is off.
func (w *World) LearnedVolume(tech Technology, t int) (lp.Expr, bool) {
	switch tech.Name {
	case "launch":
		if w.Launch == nil {
			return lp.Expr{}, false
		}
		return w.Launch.Launches.X(t).Scale(w.at("launch.payload_t", t) / 1e3), true
	case "solar":
		if w.Solar == nil {
			return lp.Expr{}, false
		}
		s := w.Solar
		return lp.Sum(s.OwnGround.X(t), s.OwnSpace.X(t), s.Imported.X(t)), true
	case "accelerator":
		return w.Shared.Made[t], true
	case "robot":
		if w.Robots == nil {
			return lp.Expr{}, false
		}
		return w.Robots.Produced.X(t), true
	}
	return lp.Expr{}, false
}

// pricedVolume is technology tech's volume in period t at price ($B),
// with the coefficients its module writes for the trajectory's price, so
// that taking the module's term out cancels exactly.
func (w *World) pricedVolume(tech Technology, t int, price float64) lp.Expr {
	switch tech.Name {
	case "launch":
		return w.Launch.Launches.X(t).Scale(w.at("launch.payload_t", t) * price / 1e3)
	case "solar":
		s := w.Solar
		return lp.Sum(s.OwnGround.X(t), s.OwnSpace.X(t), s.Imported.X(t)).Scale(price)
	case "accelerator":
		return w.Shared.Made[t].Scale(price / 1e3)
	case "robot":
		return w.Robots.Produced.X(t).Scale(price / 1e3)
	}
	return lp.Expr{}
}

// LearningCurves returns the curves of the technologies that learn under
// values v (rate above zero, start price above the floor), in
// Technologies' order.
func LearningCurves(v Values) ([]Technology, map[string]Curve) {
	var techs []Technology
	curves := map[string]Curve{}
	for _, tech := range Technologies {
		if tech.Module != "compute" && !v.Enabled(tech.Module) {
			continue
		}
		c := NewCurve(v, tech)
		if !c.Learns() {
			continue
		}
		techs = append(techs, tech)
		curves[tech.Name] = c
	}
	return techs, curves
}

func buildLearning(w *World) *Learning {
	n := w.H.N()
	techs, curves := LearningCurves(w.V)
	l := &Learning{Curves: curves, Volume: map[string][]lp.Expr{}, Cumulative: map[string][]lp.Expr{},
		Segments: map[string]*lp.VarFamily{}}
	for _, tech := range techs {
		vol := make([]lp.Expr, n)
		ok := true
		for t := 0; t < n && ok; t++ {
			vol[t], ok = w.LearnedVolume(tech, t)
		}
		if !ok {
			continue
		}
		l.Techs = append(l.Techs, tech)
		l.Volume[tech.Name] = vol
		c := curves[tech.Name]
		var delta []lp.Expr // per period: the learned cost minus the trajectory's, price × volume units
		switch w.Opt.Learning {
		case LearningFixed:
			unit := w.Opt.LearningCosts[tech.Name]
			if len(unit) != n {
				w.fail(fmt.Errorf("constraints: learning costs for %s have %d periods, want %d", tech.Name, len(unit), n))
			}
			delta = make([]lp.Expr, n)
			for t := 0; t < n; t++ {
				delta[t] = w.pricedVolume(tech, t, unit[t]).Minus(w.pricedVolume(tech, t, w.at(tech.PriceKey, t)))
			}
		case LearningExact:
			tc := l.exact(w, tech, c, vol)
			l.Cumulative[tech.Name] = tc
			delta = make([]lp.Expr, n)
			for t := 0; t < n; t++ {
				d := tc[t]
				if t > 0 {
					d = d.Minus(tc[t-1])
				}
				delta[t] = d.Scale(tech.Scale).Minus(w.pricedVolume(tech, t, w.at(tech.PriceKey, t)))
			}
		}
		for t := 0; t < n; t++ {
			e := delta[t]
			if tech.LifeKey != "" {
				w.addCapex(tech.Component, t, e, 0, w.at(tech.LifeKey, t))
			} else {
				w.addCost(tech.Component, t, e)
			}
		}
	}
	return l
}

// exact adds technology tech's segment families and returns TC[t].
func (l *Learning) exact(w *World, tech Technology, c Curve, vol []lp.Expr) []lp.Expr {
	n, k := w.H.N(), len(c.Breaks)-1
	if vmax, ok := w.Opt.LearningCaps[tech.Name]; ok {
		// Segments that start beyond what the volume can reach are left
		// out: they change nothing but loosen the LP relaxation.
		for k > 1 && c.Breaks[k-1] >= vmax {
			k--
		}
	}
	periods := w.index()
	label := func(s, t int) string { return fmt.Sprintf("s%d_%s", s, periods[t]) }
	var fillIdx, fullIdx lp.Index
	for s := 1; s <= k; s++ {
		for t := 0; t < n; t++ {
			fillIdx = append(fillIdx, label(s, t))
			if s < k {
				fullIdx = append(fullIdx, label(s, t))
			}
		}
	}
	prefix := "learning." + tech.Name
	// fill[k,t] is the share of segment k filled by the end of period t.
	fill, err := w.Model.AddVars(prefix+"_fill", fillIdx, lp.Between(0, 1))
	if err != nil {
		w.fail(err)
	}
	at := func(s, t int) int { return (s-1)*n + t }
	var full *lp.VarFamily
	if k > 1 {
		if full, err = w.Model.AddVars(prefix+"_full", fullIdx, lp.Between(0, 1).Int()); err != nil {
			w.fail(err)
		}
		l.Segments[tech.Name] = full
	}
	cum := make([]lp.Row, n)
	var low, high, progress []lp.Row
	var progressIdx lp.Index
	tc := make([]lp.Expr, n)
	var running lp.Builder
	for t := 0; t < n; t++ {
		running.AddExpr(vol[t])
		var sumX, cost lp.Builder
		for s := 1; s <= k; s++ {
			sumX.Add(c.Breaks[s]-c.Breaks[s-1], fill.At(at(s, t)))
			cost.Add(c.Cum[s]-c.Cum[s-1], fill.At(at(s, t)))
			if s == k {
				continue
			}
			z := full.At(at(s, t))
			// Segment s is full when z is 1; segment s+1 fills only then.
			low = append(low, lp.GE(fill.X(at(s, t)), full.X(at(s, t))))
			high = append(high, lp.LE(fill.X(at(s+1, t)), lp.Term(1, z)))
			if t > 0 {
				progress = append(progress, lp.GE(full.X(at(s, t)), full.X(at(s, t-1))))
				progressIdx = append(progressIdx, label(s, t))
			}
		}
		cum[t] = lp.EQ(sumX.Expr(), running.Expr())
		tc[t] = cost.Expr()
	}
	w.rows(prefix+"_cumulative", cum)
	for _, f := range []struct {
		name string
		rows []lp.Row
		idx  lp.Index
	}{{prefix + "_full_low", low, fullIdx}, {prefix + "_full_high", high, fullIdx}, {prefix + "_progress", progress, progressIdx}} {
		if len(f.rows) == 0 {
			continue
		}
		if _, err := w.Model.AddConstraints(f.name, f.idx, f.rows); err != nil {
			w.fail(err)
		}
	}
	return tc
}

// LearnedUnitCosts returns the unit cost per period on curve c of the
// given volumes per period: the average cost of each period's volume
// between the cumulative volumes before and after it.
func LearnedUnitCosts(c Curve, volume []float64) []float64 {
	out := make([]float64, len(volume))
	cum := c.Initial
	for t, v := range volume {
		v = math.Max(0, v)
		out[t] = c.Average(cum, cum+v)
		cum += v
	}
	return out
}
