package constraints

import "teraplan/lp"

// Solar is cell manufacturing: own capacity shared between ground panels
// and orbital arrays, and imports for the ground only.
//
//	solar.ground_cells[t]: own_ground[t] + imported[t] ≥ ground cells needed[t]
//	solar.space_cells[t]:  own_space[t] ≥ space cells needed[t]
//	solar.own_capacity[t]: own_ground[t] + own_space[t] ≤ (existing(t) + lines online[t]) · Δ
//	solar.imports[t]:      imported[t] ≤ solar.imported_cells_gw_per_year_max · Δ
//
// Costs (GW × $/W = $B): own ground cells at solar.cell_usd_per_w_ground,
// space cells at solar.cell_usd_per_w_space (no glass, no heavy frame),
// imports at the ground price × solar.tariff_multiplier.
type Solar struct {
	OwnGround, OwnSpace, Imported                    *lp.VarFamily
	Lines                                            *Expansion
	GroundCells, SpaceCells, OwnCapacity, ImportsRow *lp.ConFamily
}

func buildSolar(w *World) *Solar {
	n, dt := w.H.N(), w.H.Step
	s := &Solar{}
	s.OwnGround = w.vars("solar.own_ground", lp.NonNeg())
	s.OwnSpace = w.vars("solar.own_space", lp.NonNeg())
	s.Imported = w.vars("solar.imported", lp.NonNeg())
	s.Lines = w.expansion("solar.cell_lines", "solar.cell_line_gw_per_year", 1, "solar.cell_line_build_years",
		"solar.cell_line_cost_usd", "solar.cell_line_labour_worker_years", CostCells, "solar.cell_line_")
	ground, space, own, imp := make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	for t := 0; t < n; t++ {
		ground[t] = lp.GE(s.OwnGround.X(t).Plus(s.Imported.X(t)), w.Shared.GroundCells[t])
		space[t] = lp.GE(s.OwnSpace.X(t), w.Shared.SpaceCells[t])
		own[t] = w.capacity("solar.own_capacity", t, s.OwnGround.X(t).Plus(s.OwnSpace.X(t)), s.Lines.Output(t, dt).
			Plus(lp.Const(w.at("solar.own_cells_gw_per_year_existing", t)*dt)))
		imp[t] = w.capacity("solar.imports", t, s.Imported.X(t), lp.Const(w.at("solar.imported_cells_gw_per_year_max", t)*dt))
		pg := w.at("solar.cell_usd_per_w_ground", t)
		w.addCost(CostCells, t, lp.Sum(s.OwnGround.X(t).Scale(pg),
			s.OwnSpace.X(t).Scale(w.at("solar.cell_usd_per_w_space", t)),
			s.Imported.X(t).Scale(pg*w.at("solar.tariff_multiplier", t))))
	}
	s.GroundCells = w.rows("solar.ground_cells", ground)
	s.SpaceCells = w.rows("solar.space_cells", space)
	s.OwnCapacity = w.rows("solar.own_capacity", own)
	s.ImportsRow = w.rows("solar.imports", imp)
	return s
}
