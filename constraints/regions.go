package constraints

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"teraplan/lp"
)

// WorldRegion is the name of the one region of a scenario that declares none.
const WorldRegion = "world"

// RegionShareKey is the per-region parameter (region.share@us) giving a
// region's share of every extensive world quantity the scenario does not
// set for the region itself.
const RegionShareKey = "region.share"

// Regional parameters are set only per region (key@region) or per
// ordered pair of regions (key@from_to), never for the world; an unset
// one takes its Default.
var regional = []Param{
	{RegionShareKey, "share", "regions", "the region's share of each extensive world quantity not set for the region (key@region)", 0, 1},
	{"trade.accelerators_m_per_year", "M/yr", "trade", "accelerators the first region of the pair may ship to the second per year (key@from_to; unset = no limit; 0 = an export ban)", 0, 1e6},
	{"trade.accelerator_fee", "share", "trade", "fee on an accelerator shipped from the first region of the pair to the second, as a share of its price (key@from_to; unset = 0)", 0, 10},
	{"trade.hbm_eb_per_year", "EB/yr", "trade", "HBM the first region of the pair may ship to the second per year (key@from_to; unset = no limit; 0 = an export ban)", 0, 1e6},
}

// regionalDefault is each regional parameter's value when it is not set.
var regionalDefault = map[string]float64{
	"trade.accelerators_m_per_year": math.Inf(1),
	"trade.accelerator_fee":         0,
	"trade.hbm_eb_per_year":         math.Inf(1),
}

// LookupRegional returns the entry of a parameter that is set only per
// region or per pair of regions (trade.*, region.share).
func LookupRegional(key string) (Param, bool) {
	for _, p := range regional {
		if p.Key == key {
			return p, true
		}
	}
	return Param{}, false
}

// RegionalParams returns the parameters set only per region or pair.
func RegionalParams() []Param { return append([]Param(nil), regional...) }

// extensive lists the parameters that measure an amount the world holds
// (existing capacity, a stock, a rate of supply, a target or a budget):
// a region that does not set one itself (key@region) gets its
// region.share of the world value. Every other parameter (prices, lead
// times, yields, ratios) is the world value unless the region sets it.
var extensive = map[string]bool{
	"compute.initial_earth_gw":                        true,
	"chips.accelerators_per_year_existing":            true,
	"euv.scanners_per_year":                           true,
	"packaging.accelerators_per_year_existing":        true,
	"memory.dram_eb_per_year_existing":                true,
	"memory.hbm_eb_per_year_existing":                 true,
	"memory.ddr_other_eb_per_year":                    true,
	"grid.pipeline_gw":                                true,
	"grid.new_gw_per_year":                            true,
	"grid.offpeak_headroom_gw":                        true,
	"turbines.castings_gw_per_year_market":            true,
	"turbines.fuel_gw_max":                            true,
	"turbines.gw_per_year_max":                        true,
	"transformers.gw_per_year":                        true,
	"solar.permits_gw_per_year":                       true,
	"solar.own_cells_gw_per_year_existing":            true,
	"solar.imported_cells_gw_per_year_max":            true,
	"launch.ships_initial":                            true,
	"launch.ships_per_year":                           true,
	"launch.pads_initial":                             true,
	"launch.propellant_mt_per_year_initial":           true,
	"launch.propellant_mt_per_year_max":               true,
	"launch.licensed_launches_per_year":               true,
	"launch.flights_initial_per_year":                 true,
	"space.manufacturing_mt_per_year_existing":        true,
	"lunar.mass_driver_mt_per_year":                   true,
	"robots.capacity_initial":                         true,
	"robots.version_ceiling":                          true,
	"fabs.starts_initial_per_year":                    true,
	"packaging.line_starts_initial_per_year":          true,
	"memory.fab_starts_initial_per_year":              true,
	"memory.hbm_line_starts_initial_per_year":         true,
	"castings.starts_initial_per_year":                true,
	"solar.cell_line_starts_initial_per_year":         true,
	"robots.line_starts_initial_per_year":             true,
	"launch.pad_starts_initial_per_year":              true,
	"launch.propellant_plant_starts_initial_per_year": true,
	"space.factory_starts_initial_per_year":           true,
	"labour.human_worker_years":                       true,
	"target.compute_gw":                               true,
	"target.compute_flops":                            true,
	"target.robots_m_per_year":                        true,
	"budget.usd_per_year":                             true,
	"finance.debt_max_usd":                            true,
}

// Extensive reports whether a region that does not set key gets its
// share of the world value (see extensive).
func Extensive(key string) bool { return extensive[key] }

// RegionKey is key scoped to a region or pair: "power.x@china".
func RegionKey(key, region string) string { return key + "@" + region }

// SplitRegion splits "key@region" into key and region ("" without '@').
// Family names use the same form: "power.balance@us".
func SplitRegion(name string) (key, region string) {
	k, r, _ := strings.Cut(name, "@")
	return k, r
}

// Pair names the ordered pair of regions from → to, as trade keys and
// families are scoped: "us_china".
func Pair(from, to string) string { return from + "_" + to }

// CheckRegionName reports whether name can name a region: a lower-case
// letter, then lower-case letters and digits ('_' joins the two regions
// of a trade pair; CheckRegions refuses "world" beside other regions).
func CheckRegionName(name string) error {
	if name == "" {
		return fmt.Errorf("constraints: empty region name")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(('a' <= c && c <= 'z') || (i > 0 && '0' <= c && c <= '9')) {
			return fmt.Errorf("constraints: region name %q: use lower-case letters and digits, a letter first", name)
		}
	}
	return nil
}

// MultiRegion reports whether the values declare more than one region
// (regions absent or [world] is the single-region model).
func (v Values) MultiRegion() bool {
	return len(v.Regions) > 1 || (len(v.Regions) == 1 && v.Regions[0] != WorldRegion)
}

// RegionNames returns the declared regions, [world] when none is.
func (v Values) RegionNames() []string {
	if len(v.Regions) == 0 {
		return []string{WorldRegion}
	}
	return append([]string(nil), v.Regions...)
}

// regional returns a regional parameter in year y: key@scope if set,
// otherwise its default.
func (v Values) regional(key, scope string, y float64) float64 {
	if t, ok := v.Params[RegionKey(key, scope)]; ok {
		return t.At(y)
	}
	return regionalDefault[key]
}

// CheckRegions reports what makes a multi-region scenario unusable: a
// bad or repeated region name, a region without region.share, shares
// that do not add up to one, or a key scoped to an undeclared region or
// pair.
func (v Values) CheckRegions() error {
	if !v.MultiRegion() {
		for k := range v.Params {
			if _, r := SplitRegion(k); r != "" {
				return fmt.Errorf("constraints: %s is set for region %s, but the scenario declares no regions", k, r)
			}
		}
		return nil
	}
	regions := v.Regions
	total := 0.0
	for i, r := range regions {
		if err := CheckRegionName(r); err != nil {
			return err
		}
		if r == WorldRegion {
			return fmt.Errorf("constraints: region %q is the single-region model; name the regions (us, china, row)", WorldRegion)
		}
		if slices.Contains(regions[:i], r) {
			return fmt.Errorf("constraints: region %s is declared twice", r)
		}
		s, ok := v.Params[RegionKey(RegionShareKey, r)]
		if !ok {
			return fmt.Errorf("constraints: %s is not set (each region gives its share of the extensive world quantities it does not set itself)", RegionKey(RegionShareKey, r))
		}
		if len(s.Values) != 1 {
			return fmt.Errorf("constraints: %s must be a single value, not a trajectory", RegionKey(RegionShareKey, r))
		}
		total += s.At(0)
	}
	if math.Abs(total-1) > 1e-3 {
		return fmt.Errorf("constraints: the regions' %s add up to %g, not 1", RegionShareKey, total)
	}
	for k := range v.Params {
		key, scope := SplitRegion(k)
		if scope == "" {
			continue
		}
		if _, ok := LookupRegional(key); ok && strings.HasPrefix(key, "trade.") {
			from, to, ok := strings.Cut(scope, "_")
			if !ok || from == to || !slices.Contains(regions, from) || !slices.Contains(regions, to) {
				return fmt.Errorf("constraints: %s: %q is not a pair of declared regions from_to (regions: %s)", k, scope, strings.Join(regions, ", "))
			}
			continue
		}
		if !slices.Contains(regions, scope) {
			return fmt.Errorf("constraints: %s: region %q is not declared (regions: %s)", k, scope, strings.Join(regions, ", "))
		}
	}
	return nil
}

// ForRegion returns the values region r sees: for every registry key,
// key@r if the scenario sets it, else its region.share of the world value
// for an extensive key (see Extensive), else the world value. The result
// holds no region-scoped keys.
func (v Values) ForRegion(r string) Values {
	out := Values{Params: make(map[string]Trajectory, len(registry)), Modules: v.Modules}
	share := v.regional(RegionShareKey, r, 0)
	for k, t := range v.Params {
		if _, scope := SplitRegion(k); scope != "" {
			continue
		}
		if o, ok := v.Params[RegionKey(k, r)]; ok {
			out.Params[k] = o
		} else if extensive[k] {
			out.Params[k] = t.Scaled(share)
		} else {
			out.Params[k] = t
		}
	}
	return out
}

// othersTargetWeight is what one GW of another region's shortfall, in
// any period, costs the objective of a max-compute plan for one region
// (Options.Region) given no Options.Floors: more than the one GW of the
// region's own compute it could buy, so the others meet their targets
// first. With Floors, a GW of floor missed costs the same.
const othersTargetWeight = 10

// buildRegions builds a model with regions: the trade between them (see
// Trade), then each region's modules as a sub-model whose families are
// named family@region, read from the region's values (Values.ForRegion),
// and its own costs, budget and launches; orbit is one place, and the
// compute each region puts there is its own. The whole model then sums
// the regions (families named as in the single-region model):
//
//	regions.F[t]:          compute.F[t] = Σ_r compute.F@r[t]   (made, installed, stranded, GW, shortfall)
//	regions.cost_total[t]: cost.total[t] = Σ_r cost.total@r[t]
//
// Its objective is the sum of the regions' own objectives (min-cost: the
// regions' discounted costs; max-compute: the regions' total compute),
// plus a tie-break per accelerator or EB shipped, 10⁻⁶ × a weight distinct
// for each route (routeWeight), so that nothing travels in circles and
// the routing is unique.
// A max-compute plan for one region (Options.Region) builds the other
// regions as min-cost sub-models, charged 10⁻⁶ per $B of their
// discounted cost, and keeps for each of them at least the compute
// Options.Floors gives it (plans passes what it has in the min-cost plan):
//
//	compute.floor@r[t]: compute_gw@r[t] + orbit_gw@r[t] + floor_gap@r[t] ≥ floor_r(t)
//
// so the region's compute, and every shadow price, counts only what the
// region gains beyond what the others would have had anyway. A GW of gap
// (a floor that a re-solve with less capacity cannot keep) costs
// othersTargetWeight GW of the region's compute, more than it could buy;
// without Floors, each GW of another region's shortfall does.
func (w *World) buildRegions() {
	names := w.V.Regions
	vals := make(map[string]Values, len(names))
	for _, r := range names {
		vals[r] = w.V.ForRegion(r)
	}
	w.Trade = buildTrade(w, vals)
	w.Capacity = map[string][]lp.Expr{}
	for k, c := range w.Trade.capacity {
		w.Capacity[k] = c
	}
	for _, r := range names {
		opt := w.Opt
		if opt.Mode == MaxCompute && opt.Region != "" && r != opt.Region {
			opt.Mode = MinCost
		}
		rw := &World{Model: w.Model, H: w.H, V: vals[r], Opt: opt, Region: r, idx: w.index()}
		rw.initShared()
		rw.Shared.AccelImports, rw.Shared.HBMImports = w.Trade.imports(r)
		w.Trade.addCosts(rw, w.V, vals)
		rw.buildModules()
		if floor, ok := w.Opt.Floors[r]; ok && opt.Mode != w.Opt.Mode {
			rw.floorGap = rw.vars("compute.floor_gap", lp.NonNeg())
			rows := make([]lp.Row, w.H.N())
			for t := range rows {
				f := 0.0
				if t < len(floor) {
					f = floor[t]
				}
				rows[t] = lp.GE(rw.Compute.TotalGW(t).AddTerm(1, rw.floorGap.At(t)), lp.Const(f))
			}
			rw.rows("compute.floor", rows)
		}
		for k, c := range rw.Capacity {
			w.Capacity[k] = c
		}
		if w.use == nil {
			w.use = map[string][]usedAt{}
		}
		for k, u := range rw.use {
			w.use[k] = u
		}
		for k := range rw.StartLimits {
			if w.StartLimits == nil {
				w.StartLimits = map[string]bool{}
			}
			w.StartLimits[k] = true
		}
		w.Regions = append(w.Regions, rw)
	}
	w.sumRegions()
	w.Cost.setObjective(w)
}

// sumRegions builds the whole model's Compute, Cost and Shared as sums
// over the regions, and its objective.
func (w *World) sumRegions() {
	n := w.H.N()
	total := func(name, row string, get func(*World) *lp.VarFamily, b lp.Bounds) *lp.VarFamily {
		var parts []*lp.VarFamily
		for _, rw := range w.Regions {
			if f := get(rw); f != nil {
				parts = append(parts, f)
			}
		}
		if len(parts) == 0 {
			return nil
		}
		f := w.vars(name, b)
		rows := make([]lp.Row, n)
		for t := range rows {
			var sum lp.Builder
			for _, p := range parts {
				sum.Add(1, p.At(t))
			}
			rows[t] = lp.EQ(f.X(t), sum.Expr())
		}
		w.rows(row, rows)
		return f
	}
	c := &Compute{InitialEarthGW: make([]float64, n), EarthEFLOPS: make([]lp.Expr, n)}
	nn := lp.NonNeg()
	c.Made = total("compute.made", "regions.made", func(r *World) *lp.VarFamily { return r.Compute.Made }, nn)
	c.InstallEarth = total("compute.install_earth", "regions.install_earth", func(r *World) *lp.VarFamily { return r.Compute.InstallEarth }, nn)
	c.InstallOrbit = total("compute.install_orbit", "regions.install_orbit", func(r *World) *lp.VarFamily { return r.Compute.InstallOrbit }, nn)
	c.Stranded = total("compute.stranded", "regions.stranded", func(r *World) *lp.VarFamily { return r.Compute.Stranded }, nn)
	c.EarthGW = total("compute.earth_gw", "regions.earth_gw", func(r *World) *lp.VarFamily { return r.Compute.EarthGW }, nn)
	c.OrbitGW = total("compute.orbit_gw", "regions.orbit_gw", func(r *World) *lp.VarFamily { return r.Compute.OrbitGW }, nn)
	c.Shortfall = total("compute.shortfall", "regions.shortfall", func(r *World) *lp.VarFamily { return r.Compute.Shortfall }, nn)
	for _, rw := range w.Regions {
		if rw.Compute.OrbitEFLOPS != nil && c.OrbitEFLOPS == nil {
			c.OrbitEFLOPS = make([]lp.Expr, n)
		}
	}
	for t := 0; t < n; t++ {
		for _, rw := range w.Regions {
			rc := rw.Compute
			c.InitialEarthGW[t] += rc.InitialEarthGW[t]
			c.EarthEFLOPS[t] = c.EarthEFLOPS[t].Plus(rc.EarthEFLOPS[t])
			if rc.OrbitEFLOPS != nil {
				c.OrbitEFLOPS[t] = c.OrbitEFLOPS[t].Plus(rc.OrbitEFLOPS[t])
			}
		}
	}
	w.Compute = c

	s := &w.Shared
	flows := s.flows()
	for _, rw := range w.Regions {
		rf := rw.Shared.flows()
		for i, f := range flows {
			for t := range *f {
				(*f)[t] = (*f)[t].Plus((*rf[i])[t])
			}
		}
		for k, parts := range rw.Shared.Cost {
			if s.Cost[k] == nil {
				s.Cost[k] = make([]lp.Expr, n)
			}
			for t, e := range parts {
				s.Cost[k][t] = s.Cost[k][t].Plus(e)
			}
		}
	}

	h := w.H
	cost := &Cost{Components: s.Cost, Discount: make([]float64, n)}
	r := w.at("cost.discount_rate", 0)
	for t := range cost.Discount {
		cost.Discount[t] = math.Pow(1+r, -(h.Mid(t) - h.Start()))
	}
	cost.EndDiscount = math.Pow(1+r, -(h.Years[n-1] + h.Step - h.Start()))
	cost.Total = total("cost.total", "regions.cost_total", func(r *World) *lp.VarFamily { return r.Cost.Total }, lp.Free())
	var salvage lp.Builder
	obj := []lp.Expr{}
	cost.Sense = lp.Minimize
	if w.Opt.Mode == MaxCompute {
		cost.Sense = lp.Maximize
	}
	for _, rw := range w.Regions {
		salvage.AddExpr(rw.Cost.Salvage)
		o := rw.Cost.Objective
		if rw.Opt.Mode != w.Opt.Mode {
			// Another region in a max-compute plan for one: its targets
			// first, its costs a tie-break.
			o = o.Scale(-1e-6)
			for t := 0; t < n; t++ {
				if rw.floorGap != nil {
					o = o.AddTerm(-othersTargetWeight, rw.floorGap.At(t))
				} else {
					o = o.AddTerm(-othersTargetWeight, rw.Compute.Shortfall.At(t))
				}
			}
		}
		obj = append(obj, o)
	}
	sign := 1.0
	if cost.Sense == lp.Maximize {
		sign = -1e-6
	}
	obj = append(obj, w.Trade.shipped.Expr().Scale(sign*TieBreakPrice))
	cost.Salvage = salvage.Expr()
	cost.Objective = lp.Sum(obj...)
	w.Cost = cost
}

// Scope returns the sub-models that hold the modules: the regions, or
// the single-region model itself.
func (w *World) Scope() []*World {
	if len(w.Regions) > 0 {
		return w.Regions
	}
	return []*World{w}
}

// RegionWorld returns region r's sub-model (the model itself for the
// single region "world" or ""), or nil.
func (w *World) RegionWorld(r string) *World {
	if len(w.Regions) == 0 {
		if r == "" || r == WorldRegion {
			return w
		}
		return nil
	}
	for _, rw := range w.Regions {
		if rw.Region == r {
			return rw
		}
	}
	return nil
}

// FocusGW is the compute a max-compute plan maximises in period t: the
// region Options.Region's, or everyone's.
func (w *World) FocusGW(t int) lp.Expr {
	if rw := w.RegionWorld(w.Opt.Region); w.Opt.Region != "" && rw != nil {
		return rw.Compute.TotalGW(t)
	}
	return w.Compute.TotalGW(t)
}
