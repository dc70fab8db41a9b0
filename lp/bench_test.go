package lp_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"teraplan/lp"
)

// fleetModel builds a multi-period capacity-expansion LP shaped like
// teraplan's: for each technology k and period t
//
//	stock[k,t] = (1−δ_k)·stock[k,t−1] + build[k,t]      (stock-flow chain)
//	output[k,t] ≤ cf_k·stock[k,t]                      (capacity)
//	build[k,t] ≤ 1.2·build[k,t−1] + g_k                 (ramp)
//
// and for each region r and period t Σ_{k∈r} output[k,t] ≥ demand[r,t],
// minimising build and operating cost. Demand is 90% of the output of a
// constant-build path that satisfies every row, so the LP is feasible by
// construction, and bounded since all costs are positive. About 8 nonzeros
// per (k, t).
func fleetModel(techs, periods, perRegion int) (*lp.Model, error) {
	r := rand.New(rand.NewPCG(uint64(techs), uint64(periods)))
	m := lp.NewModel("fleet")
	years := make([]float64, periods)
	for t := range years {
		years[t] = 2026 + float64(t)/4
	}
	idx := lp.Periods(years)
	cost := make([]lp.Expr, 0, 2*techs*periods)
	regions := (techs + perRegion - 1) / perRegion
	demandTerms := make([][][]lp.Expr, regions)
	demand := make([][]float64, regions)
	for g := range regions {
		demandTerms[g] = make([][]lp.Expr, periods)
		demand[g] = make([]float64, periods)
	}
	for k := range techs {
		name := fmt.Sprintf("tech%d", k)
		build, err := m.AddVars(name+".build", idx, lp.NonNeg())
		if err != nil {
			return nil, err
		}
		stock, _ := m.AddVars(name+".stock", idx, lp.NonNeg())
		output, _ := m.AddVars(name+".output", idx, lp.NonNeg())
		delta, cf, g := 0.01+0.04*r.Float64(), 0.3+0.6*r.Float64(), 0.5+r.Float64()
		s0 := 10 + 10*r.Float64()
		flow := make([]lp.Row, periods)
		capRows := make([]lp.Row, periods)
		ramp := make([]lp.Row, periods)
		feasibleStock := s0
		for t := range periods {
			prev := lp.Const(s0 * (1 - delta))
			rampPrev := lp.Const(0)
			if t > 0 {
				prev = stock.X(t - 1).Scale(1 - delta)
				rampPrev = build.X(t - 1).Scale(1.2)
			}
			flow[t] = lp.EQ(stock.X(t), prev.Plus(build.X(t)))
			capRows[t] = lp.LE(output.X(t), stock.X(t).Scale(cf))
			ramp[t] = lp.LE(build.X(t), rampPrev.Plus(lp.Const(g)))
			// The constant-build path build = g satisfies the ramp rows.
			feasibleStock = feasibleStock*(1-delta) + g
			demand[k/perRegion][t] += 0.9 * cf * feasibleStock
			demandTerms[k/perRegion][t] = append(demandTerms[k/perRegion][t], output.X(t))
			cost = append(cost, build.X(t).Scale(1+r.Float64()), output.X(t).Scale(0.1+0.1*r.Float64()))
		}
		if _, err := m.AddConstraints(name+".flow", idx, flow); err != nil {
			return nil, err
		}
		m.AddConstraints(name+".cap", idx, capRows)
		m.AddConstraints(name+".ramp", idx, ramp)
	}
	for g := range regions {
		rows := make([]lp.Row, periods)
		for t := range periods {
			rows[t] = lp.GE(lp.Sum(demandTerms[g][t]...), lp.Const(demand[g][t]))
		}
		if _, err := m.AddConstraints(fmt.Sprintf("region%d.demand", g), idx, rows); err != nil {
			return nil, err
		}
	}
	return m, m.SetObjective(lp.Minimize, lp.Sum(cost...))
}

func readAll(s *lp.Solution, m *lp.Model) float64 {
	sum := 0.0
	for _, f := range m.VarFamilies() {
		for _, v := range s.Values(f) {
			sum += v
		}
		for _, v := range s.ReducedCosts(f) {
			sum += v
		}
	}
	for _, c := range m.ConFamilies() {
		for _, v := range s.ShadowPrices(c) {
			sum += v
		}
		for _, v := range s.Activities(c) {
			sum += v
		}
	}
	return sum
}

func benchFleet(b *testing.B, techs, periods int) {
	var build, pass, run, read, total time.Duration
	var nnz int
	for b.Loop() {
		t0 := time.Now()
		m, err := fleetModel(techs, periods, 25)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		s, err := m.Solve(context.Background(), lp.Options{})
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		readAll(s, m)
		t3 := time.Now()
		build += t1.Sub(t0)
		pass += s.Times.Pass
		run += s.Times.Run
		read += s.Times.ReadBack + t3.Sub(t2)
		total += t3.Sub(t0)
		nnz = m.NumNonzeros()
		if path := os.Getenv("TERAPLAN_BENCH_MPS"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			m.WriteMPS(f)
			f.Close()
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(nnz), "nonzeros")
	b.ReportMetric(float64(build.Nanoseconds())/n, "build-ns/op")
	b.ReportMetric(float64(pass.Nanoseconds())/n, "pass-ns/op")
	b.ReportMetric(float64(run.Nanoseconds())/n, "highs-ns/op")
	b.ReportMetric(float64(read.Nanoseconds())/n, "readback-ns/op")
	b.ReportMetric(100*float64(build+pass+read)/float64(total), "overhead-%")
}

// BenchmarkFleet1e5 and BenchmarkFleet1e6 time building (Go model and copy
// into HiGHS), HiGHS's own run and read-back separately; overhead-% is the
// share of build + pass + read-back in the total.
func BenchmarkFleet1e5(b *testing.B) { benchFleet(b, 125, 100) }
func BenchmarkFleet1e6(b *testing.B) { benchFleet(b, 1250, 100) }
