package plans

import (
	"context"
	"fmt"
	"math"
	"strings"

	"teraplan/constraints"
)

// RegionReport is one region's part of a plan with regions: its summary
// row per period (compute, power, chips, launches as in Summary) and its
// top bottleneck per period.
type RegionReport struct {
	Region  string        `json:"region"`
	Summary []YearSummary `json:"summary"`
	// Bottlenecks are, per period, the region's capacity family whose row
	// matters most to the objective, by |shadow price × capacity| (""
	// when none binds); trade limits into the region count as its own.
	Bottlenecks []string `json:"bottlenecks"`
	// Levelized is the region's levelized cost of new capacity per
	// period, each from the region's own values (key@region, else the
	// world's): on Earth at the mix of generation the region itself
	// builds that period, in orbit for the compute the region owns there
	// (its launch and hardware prices).
	Levelized []YearLevelized `json:"levelized"`
}

// YearTrade is what one ordered pair of regions shipped in one period.
type YearTrade struct {
	Year          float64 `json:"year"`
	From          string  `json:"from"`
	To            string  `json:"to"`
	AcceleratorsM float64 `json:"accelerators_m"`
	HBMEB         float64 `json:"hbm_eb"`
}

// addRegions fills rep.Regions and rep.Trade for a plan with regions,
// and, when the plan was asked for one region (Options.Region), puts that
// region's rows in rep.Summary.
func (r *Result) addRegions(rep *Report) {
	w := r.World
	n := w.H.N()
	tops := r.RegionBottlenecks()
	for _, rw := range w.Regions {
		rr := RegionReport{Region: rw.Region, Summary: make([]YearSummary, n), Bottlenecks: tops[rw.Region],
			Levelized: make([]YearLevelized, n)}
		for t := 0; t < n; t++ {
			rr.Summary[t] = r.RegionSummary(rw.Region, t)
			y := w.H.Years[t]
			rr.Levelized[t] = YearLevelized{
				Year:  y,
				Earth: roundLevelized(constraints.LevelizedEarth(rw.V, y, r.earthMixOf([]*constraints.World{rw}, t))),
				Orbit: roundLevelized(constraints.LevelizedOrbit(rw.V, y)),
			}
		}
		rep.Regions = append(rep.Regions, rr)
	}
	rep.Trade = []YearTrade{}
	if tr := w.Trade; tr != nil {
		for _, a := range w.V.Regions {
			for _, b := range w.V.Regions {
				if a == b {
					continue
				}
				pair := constraints.Pair(a, b)
				acc, hbm := r.Values(tr.Accelerators[pair]), r.Values(tr.HBM[pair])
				for t := 0; t < n; t++ {
					if math.Abs(acc[t]) < 1e-9 && math.Abs(hbm[t]) < 1e-9 {
						continue
					}
					rep.Trade = append(rep.Trade, YearTrade{Year: w.H.Years[t], From: a, To: b,
						AcceleratorsM: round(acc[t]), HBMEB: round(hbm[t])})
				}
			}
		}
	}
	if r.Options.Region != "" {
		rep.Region = r.Options.Region
		for _, rr := range rep.Regions {
			if rr.Region == rep.Region {
				rep.Summary = rr.Summary
			}
		}
	}
}

// RegionBottlenecks returns, for each region, its top bottleneck per
// period (see RegionReport.Bottlenecks); nil without duals or regions.
func (r *Result) RegionBottlenecks() map[string][]string {
	w := r.World
	if !r.Solution.HasDuals || len(w.Regions) == 0 {
		return nil
	}
	regions := make([]string, len(w.Regions))
	for i, rw := range w.Regions {
		regions[i] = rw.Region
	}
	return r.topBottlenecksBy(func(family string) string {
		_, scope := constraints.SplitRegion(family)
		if _, to, pair := strings.Cut(scope, "_"); pair {
			return to // a trade limit binds on the importer
		}
		return scope
	}, regions...)
}

// RegionFloors solves the min-cost plan of in (opt's scenario, MIP and
// solver settings) and returns every region's compute, Earth and orbit,
// per period but opt.Region's: what a max-compute plan for opt.Region
// leaves the others (Options.Floors).
func RegionFloors(ctx context.Context, in Input, opt Options) (map[string][]float64, error) {
	mc := Options{Mode: constraints.MinCost, MIP: opt.MIP, Solver: opt.Solver, Learning: opt.Learning, Metric: opt.Metric}
	res, err := Solve(ctx, in, mc)
	if err != nil {
		return nil, fmt.Errorf("plans: the min-cost plan that sets the other regions' compute: %w", err)
	}
	floors := map[string][]float64{}
	for _, rw := range res.World.Regions {
		if rw.Region == opt.Region {
			continue
		}
		f := make([]float64, rw.H.N())
		for t := range f {
			f[t] = res.Solution.Eval(rw.Compute.TotalGW(t))
		}
		floors[rw.Region] = f
	}
	return floors, nil
}
