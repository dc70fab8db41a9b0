package constraints

import "teraplan/lp"

// CostTrade is the cost component of trade between regions: what an
// importer pays for accelerators, fee included, less what the exporter
// is paid.
const CostTrade = "trade"

// Trade moves accelerators and HBM between regions. For each ordered
// pair of regions a → b (scoped a_b):
//
//	trade.accelerators@a_b[t]  accelerators shipped from a to b in period t (M)
//	trade.hbm@a_b[t]           HBM shipped from a to b in period t (EB)
//
// They enter each region's accelerator inventory (compute.inventory) and
// HBM need (memory.hbm, memory.dram) as net imports, and, where the
// scenario sets a limit (an export control; unset means none), a
// capacity row:
//
//	trade.accelerators@a_b[t]: shipped[t] ≤ trade.accelerators_m_per_year@a_b(t) · Δ
//	trade.hbm@a_b[t]:          shipped[t] ≤ trade.hbm_eb_per_year@a_b(t) · Δ
//
// An importer pays a's accelerator.cost_usd × (1 + trade.accelerator_fee@a_b)
// per accelerator, the exporter is paid the price (cost component
// "trade"), so across the regions a shipment costs its fee. HBM carries
// no price of its own in the model (its cost is that of the lines and
// fabs that make it), so it moves without one.
type Trade struct {
	// Accelerators and HBM are indexed by pair, Pair(from, to).
	Accelerators, HBM map[string]*lp.VarFamily
	// Limits hold the capacity rows of the pairs with a limit.
	AcceleratorLimits, HBMLimits map[string]*lp.ConFamily
	regions                      []string
	periods                      int
	capacity                     map[string][]lp.Expr
	shipped                      lp.Builder // every shipment, for the tie-break
}

func buildTrade(w *World, vals map[string]Values) *Trade {
	tr := &Trade{
		Accelerators: map[string]*lp.VarFamily{}, HBM: map[string]*lp.VarFamily{},
		AcceleratorLimits: map[string]*lp.ConFamily{}, HBMLimits: map[string]*lp.ConFamily{},
		regions: w.V.Regions, periods: w.H.N(), capacity: map[string][]lp.Expr{},
	}
	n := w.H.N()
	for _, a := range tr.regions {
		for _, b := range tr.regions {
			if a == b {
				continue
			}
			pair := Pair(a, b)
			for _, good := range []struct {
				family, key string
				into        map[string]*lp.VarFamily
				limits      map[string]*lp.ConFamily
			}{
				{"trade.accelerators", "trade.accelerators_m_per_year", tr.Accelerators, tr.AcceleratorLimits},
				{"trade.hbm", "trade.hbm_eb_per_year", tr.HBM, tr.HBMLimits},
			} {
				name := RegionKey(good.family, pair)
				f := w.vars(name, lp.NonNeg())
				good.into[pair] = f
				for t := 0; t < n; t++ {
					tr.shipped.Add(1, f.At(t))
				}
				if _, limited := w.V.Params[RegionKey(good.key, pair)]; !limited {
					continue
				}
				rows := make([]lp.Row, n)
				for t := range rows {
					limit := w.V.regional(good.key, pair, w.H.Mid(t)) * w.H.Step
					rows[t] = w.capacity(name, t, f.X(t), lp.Const(limit))
				}
				good.limits[pair] = w.rows(name, rows)
				tr.capacity[name] = w.Capacity[name]
			}
		}
	}
	return tr
}

// imports returns region r's net imports of accelerators and HBM per
// period.
func (tr *Trade) imports(r string) (accel, hbm []lp.Expr) {
	n := tr.periods
	accel, hbm = make([]lp.Expr, n), make([]lp.Expr, n)
	for _, o := range tr.regions {
		if o == r {
			continue
		}
		in, out := Pair(o, r), Pair(r, o)
		for t := 0; t < n; t++ {
			accel[t] = accel[t].AddTerm(1, tr.Accelerators[in].At(t)).AddTerm(-1, tr.Accelerators[out].At(t))
			hbm[t] = hbm[t].AddTerm(1, tr.HBM[in].At(t)).AddTerm(-1, tr.HBM[out].At(t))
		}
	}
	return accel, hbm
}

// addCosts charges region rw for the accelerators it imports (price and
// fee) and credits it for those it exports (price), at the exporter's
// accelerator.cost_usd. all are the whole model's values (which hold the
// pairs' fees), vals each region's.
func (tr *Trade) addCosts(rw *World, all Values, vals map[string]Values) {
	r := rw.Region
	for _, o := range tr.regions {
		if o == r {
			continue
		}
		in, out := Pair(o, r), Pair(r, o)
		for t := 0; t < rw.H.N(); t++ {
			y := rw.H.Mid(t)
			// M accelerators × $ / 1e3 = $B.
			fee := all.regional("trade.accelerator_fee", in, y)
			buy := vals[o].At("accelerator.cost_usd", y) * (1 + fee) / 1e3
			sell := vals[r].At("accelerator.cost_usd", y) / 1e3
			rw.addCost(CostTrade, t, tr.Accelerators[in].X(t).Scale(buy).AddTerm(-sell, tr.Accelerators[out].At(t)))
		}
	}
}
