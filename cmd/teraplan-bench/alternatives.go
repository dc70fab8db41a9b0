package main

// ---- 5. Alternatives ----------------------------------------------------

// alternatives times `teraplan alternatives` with the default quantities
// on the default scenario (the optimal plan, then each quantity minimised
// and maximised within 5% of the least cost, a ratio by several solves)
// against `teraplan plan`, in interleaved rounds.
func (e *env) alternatives(r *Results) error {
	tools := []tool{
		{"plan", "teraplan plan", []string{e.teraplan, "plan", "--quiet"}},
		{"alternatives", "teraplan alternatives", []string{e.teraplan, "alternatives", "--quiet"}},
	}
	rounds := e.reps(11, 5)
	e.logf("alternatives: %d interleaved rounds", rounds)
	s, err := interleave(tools, rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	r.metric(Metric{Name: "alternatives.default_s", Desc: "`teraplan alternatives` process, default quantities on the default scenario",
		Value: median(s["alternatives"].Wall), Unit: "s", Better: "lower", Target: &Target{Op: "<", Limit: 2, Source: "issue 19"}})
	r.metric(Metric{Name: "alternatives.vs_plan", Desc: "`alternatives` ÷ `plan` (same round)",
		Value: pairedRatio(s["alternatives"].Wall, s["plan"].Wall), Unit: "×", Better: "lower", Tol: 0.5})
	return nil
}
