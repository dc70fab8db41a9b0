package constraints

import "teraplan/lp"

// Memory is DRAM wafer capacity shared by HBM and DDR, and HBM stacking.
//
//	memory.hbm[t]:  HBM[t] ≤ (hbm existing(t) + HBM lines online[t]) · Δ
//	memory.dram[t]: ratio·HBM[t] + DDR[t] + other(t)·Δ ≤ (dram existing(t) + memory fabs online[t]) · Δ
//
// HBM[t] = accelerator.hbm_gb × accelerators made (EB), DDR[t] the robots'
// DDR, other(t) the DRAM the rest of the world keeps buying
// (memory.ddr_other_eb_per_year), and ratio memory.hbm_wafer_ratio: an HBM
// bit takes about three DDR bits of wafer. Memory fabs and HBM lines are
// expansions with their own lead times. The interview calls memory the
// biggest worry.
type Memory struct {
	Fabs, HBMLines *Expansion
	HBMRow, DRAM   *lp.ConFamily
}

func buildMemory(w *World) *Memory {
	n, dt := w.H.N(), w.H.Step
	m := &Memory{}
	m.Fabs = w.expansion("memory.fabs", "memory.fab_eb_per_year", 1, "memory.fab_build_years",
		"memory.fab_cost_usd", "memory.fab_labour_worker_years", CostMemory, "memory.fab_")
	m.HBMLines = w.expansion("memory.hbm_lines", "memory.hbm_line_eb_per_year", 1, "memory.hbm_line_build_years",
		"memory.hbm_line_cost_usd", "memory.hbm_line_labour_worker_years", CostMemory, "memory.hbm_line_")
	hbm, dram := make([]lp.Row, n), make([]lp.Row, n)
	for t := 0; t < n; t++ {
		hbm[t] = w.capacity("memory.hbm", t, w.Shared.HBM[t], m.HBMLines.Output(t, dt).
			Plus(lp.Const(w.at("memory.hbm_eb_per_year_existing", t)*dt)))
		use := w.Shared.HBM[t].Scale(w.at("memory.hbm_wafer_ratio", t)).Plus(w.Shared.DDR[t]).
			Plus(lp.Const(w.at("memory.ddr_other_eb_per_year", t) * dt))
		dram[t] = w.capacity("memory.dram", t, use, m.Fabs.Output(t, dt).
			Plus(lp.Const(w.at("memory.dram_eb_per_year_existing", t)*dt)))
	}
	m.HBMRow = w.rows("memory.hbm", hbm)
	m.DRAM = w.rows("memory.dram", dram)
	return m
}
