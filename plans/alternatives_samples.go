package plans

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"teraplan/lp"
)

// MaxSamples bounds AlternativesOptions.Samples.
const MaxSamples = 100000

// Sample is one random-direction near-optimal plan: the direction it was
// pushed in and where it landed.
type Sample struct {
	Index int `json:"index"`
	// Direction is the weight of each quantity (in Quantities order) in
	// the objective maximised, per unit of the quantity's range width; a
	// unit vector.
	Direction []float64 `json:"direction"`
	// Values are the quantities in the plan found, in their units.
	Values []float64 `json:"values"`
	// Measure is the plan's value of NearOptimal.Measure.
	Measure float64 `json:"measure"`
	Status  string  `json:"status"`
}

// sampleDirection is sample i's direction: m independent standard
// normals from the PCG stream (seed, i), scaled to unit length, so the
// directions are uniform on the sphere and depend only on seed and i.
func sampleDirection(seed uint64, i, m int) []float64 {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	d := make([]float64, m)
	norm := 0.0
	for norm == 0 {
		for k := range d {
			d[k] = rng.NormFloat64()
			norm += d[k] * d[k]
		}
	}
	norm = math.Sqrt(norm)
	for k := range d {
		d[k] /= norm
	}
	return d
}

// samplePlans maps the near-optimal space by random directions (the
// random-vector MGA of PyPSA and SPORES): sample i maximises
// Σ_k d_k·q_k / width_k over the near-optimal plans, with d sample i's
// direction and width_k the k-th quantity's range, and records every
// quantity's value in the plan found. A ratio N/D enters the direction
// linearised at the optimal plan, 100·(N − r*·D)/D*, with r* and D* its
// ratio and denominator there; its value is recorded exactly. A
// quantity whose range collapsed has no weight.
func samplePlans(ctx context.Context, in Input, opt AlternativesOptions, quantities []quantity, rep *AlternativesReport,
	sense lp.Sense, bound float64, optimal *Result) ([]Sample, error) {
	type lin struct {
		expr  func(num, den lp.Expr) lp.Expr
		width float64
	}
	lins := make([]lin, len(quantities))
	for k, q := range quantities {
		r := rep.Quantities[k]
		lins[k].width = r.Max - r.Min
		if !q.ratio() {
			lins[k].expr = func(num, _ lp.Expr) lp.Expr { return num }
			continue
		}
		num, den := q.exprs(optimal.World)
		dStar := optimal.Solution.Eval(den)
		if dStar <= 1e-9 {
			lins[k].width = 0
			continue
		}
		rStar := optimal.Solution.Eval(num) / dStar
		lins[k].expr = func(num, den lp.Expr) lp.Expr { return num.Minus(den.Scale(rStar)).Scale(100 / dStar) }
	}
	samples := make([]Sample, opt.Samples)
	errs := make([]error, opt.Samples)
	err := parallel(ctx, opt.Workers, opt.Samples, func(i int) {
		s := &samples[i]
		s.Index = i
		s.Direction = sampleDirection(opt.Seed, i, len(quantities))
		w, err := nearOptimalWorld(in, opt.Options, sense, bound)
		if err != nil {
			errs[i] = err
			return
		}
		var terms []lp.Expr
		for k, q := range quantities {
			if lins[k].width <= 1e-9*math.Max(1, math.Abs(rep.Quantities[k].Max)) {
				s.Direction[k] = 0
				continue
			}
			num, den := q.exprs(w)
			terms = append(terms, lins[k].expr(num, den).Scale(s.Direction[k]/lins[k].width))
		}
		if err := w.Model.SetObjective(lp.Maximize, lp.Sum(terms...)); err != nil {
			errs[i] = err
			return
		}
		sol, err := w.Model.Solve(ctx, opt.Solver)
		if err != nil && sol == nil {
			errs[i] = fmt.Errorf("%w: sample %d: %v", ErrNoPlan, i, err)
			return
		}
		s.Status = sol.Status.String()
		m, _ := nearOptimalMeasure(w)
		s.Measure = round(sol.Eval(m))
		s.Values = make([]float64, len(quantities))
		for k, q := range quantities {
			v, err := q.value(w, sol)
			if err != nil {
				v = 0 // a share of no compute at all
			}
			s.Values[k] = round(v)
		}
		for k := range s.Direction {
			s.Direction[k] = round(s.Direction[k])
		}
	})
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return samples, nil
}
