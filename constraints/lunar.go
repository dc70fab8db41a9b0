package constraints

import "teraplan/lp"

// Lunar is the optional mass driver on the Moon: from lunar.first_year it
// sends lunar-made cells and radiators to orbit, the interview's route past
// the ~1 TW/yr that launches from Earth can carry. Chips and electronics still
// come from Earth:
//
//	lunar.driver[t]:      L[t] ≤ lunar.mass_driver_mt_per_year · Δ
//	lunar.earth_share[t]: M[t] ≥ lunar.earth_mass_share · (M[t] + L[t])
//
// with L lunar mass and M Earth-launched satellite mass (Mt). Cost:
// lunar.cost_usd_per_kg per kg of L.
type Lunar struct {
	Mass              *lp.VarFamily
	Driver, EarthPart *lp.ConFamily
}

func buildLunar(w *World, s *Space) *Lunar {
	n := w.H.N()
	l := &Lunar{}
	l.Mass = w.vars("lunar.mass", lp.NonNeg())
	driver := make([]lp.Row, n)
	share := make([]lp.Row, n)
	first := w.at("lunar.first_year", 0)
	for t := 0; t < n; t++ {
		capacity := w.at("lunar.mass_driver_mt_per_year", t) * w.H.Step
		if w.H.Years[t] < first-1e-9 {
			capacity = 0
		}
		driver[t] = w.capacity("lunar.driver", t, l.Mass.X(t), lp.Const(capacity))
		f := w.at("lunar.earth_mass_share", t)
		// M ≥ f(M + L)  ⇔  (1−f)M − fL ≥ 0
		share[t] = lp.GE(s.Mass.X(t).Scale(1-f).Minus(l.Mass.X(t).Scale(f)), lp.Const(0))
		w.addCost(CostLunar, t, l.Mass.X(t).Scale(w.at("lunar.cost_usd_per_kg", t)))
	}
	l.Driver = w.rows("lunar.driver", driver)
	l.EarthPart = w.rows("lunar.earth_share", share)
	return l
}
