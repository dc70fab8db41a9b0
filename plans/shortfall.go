package plans

import (
	"context"
	"fmt"
	"math"
	"sort"

	"teraplan/constraints"
)

// ShortfallDiagnosis says why a min-cost plan missed its target: which
// capacity families, relaxed in every year up to the last missed one, close
// how much of the gap. Re-solve based, so it is exact for the relaxations
// it tries, not a local estimate.
type ShortfallDiagnosis struct {
	// MissedYears are the years with a shortfall; TotalGWYears their sum
	// of shortfall × period length.
	MissedYears  []float64 `json:"missed_years"`
	TotalGWYears float64   `json:"total_gw_years"`
	Causes       []Cause   `json:"causes"`
}

// Cause is one family's share in a shortfall.
type Cause struct {
	Family string `json:"family"`
	Label  string `json:"label"`
	// ClosedPlus10 and ClosedDouble are the GW-years of shortfall removed
	// by re-solving with the family's capacity ×1.1 and ×2 in every year up
	// to the last missed year.
	ClosedPlus10 float64 `json:"closed_plus_10pct_gw_years"`
	ClosedDouble float64 `json:"closed_double_gw_years"`
	Sentence     string  `json:"sentence"`
}

// Diagnose explains the shortfall of a solved min-cost plan; it returns nil
// when the plan met its target every year. Its re-solves follow each other
// warm (a Solver) unless r.Options.Cold.
func Diagnose(ctx context.Context, r *Result) (*ShortfallDiagnosis, error) {
	w, sol := r.World, r.Solution
	if r.Options.Mode != constraints.MinCost || w.Compute.Shortfall == nil {
		return nil, nil
	}
	short := sol.Values(w.Compute.Shortfall)
	d := &ShortfallDiagnosis{Causes: []Cause{}}
	last := -1
	for t, s := range short {
		if s > 1e-6 {
			d.MissedYears = append(d.MissedYears, w.H.Years[t])
			d.TotalGWYears += s * w.H.Step
			last = t
		}
	}
	if last < 0 {
		return nil, nil
	}
	// What a relaxation closes is measured against the unrounded total:
	// against the rounded one, a relaxation that moves nothing would
	// "close" the rounding (0.000017 of 71,133 GW-years). Less than
	// noise, a millionth of the total, closes nothing.
	total := d.TotalGWYears
	noise := 1e-6 * math.Max(1, total)
	d.TotalGWYears = round(total)
	// Candidates: capacity families with a nonzero dual up to the last
	// missed year — the rows whose relaxation changes the plan at all.
	var fams []string
	for _, c := range w.Model.ConFamilies() {
		if _, ok := w.Capacity[c.Name()]; !ok || !sol.HasDuals {
			continue
		}
		for t, y := range sol.ShadowPrices(c) {
			if t <= last && math.Abs(y) > 1e-9 {
				fams = append(fams, c.Name())
				break
			}
		}
	}
	var sv Solver
	defer sv.Close()
	for _, fam := range fams {
		cause := Cause{Family: fam, Label: constraints.FamilyLabel(fam)}
		for _, f := range []float64{1.1, 2} {
			opt := r.Options
			opt.Relax = map[constraints.RelaxKey]float64{}
			for t := 0; t <= last; t++ {
				opt.Relax[constraints.RelaxKey{Family: fam, Year: w.H.Years[t]}] = f
			}
			res, err := sv.Solve(ctx, r.Input, opt)
			if err != nil {
				return nil, fmt.Errorf("plans: diagnosing the shortfall, relaxing %s ×%v: %w", fam, f, err)
			}
			after := 0.0
			for _, s := range res.Solution.Values(res.World.Compute.Shortfall) {
				after += s * w.H.Step
			}
			closed := 0.0
			if gain := total - after; gain > noise {
				closed = round(gain)
			}
			if f < 2 {
				cause.ClosedPlus10 = closed
			} else {
				cause.ClosedDouble = closed
			}
		}
		if cause.ClosedDouble == 0 {
			continue
		}
		cause.Sentence = fmt.Sprintf("%s: +10%% closes %s of the %s GW-years missed, doubling closes %s",
			capitalise(cause.Label), FormatNumber(cause.ClosedPlus10), FormatNumber(d.TotalGWYears), FormatNumber(cause.ClosedDouble))
		d.Causes = append(d.Causes, cause)
	}
	sort.SliceStable(d.Causes, func(i, j int) bool {
		a, b := d.Causes[i], d.Causes[j]
		if a.ClosedDouble != b.ClosedDouble {
			return a.ClosedDouble > b.ClosedDouble
		}
		if a.ClosedPlus10 != b.ClosedPlus10 {
			return a.ClosedPlus10 > b.ClosedPlus10
		}
		return a.Family < b.Family
	})
	return d, nil
}
