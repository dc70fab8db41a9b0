package sweep

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"teraplan/plans"
	"teraplan/plans/scenario"
)

// Wilson against values by hand: the closed forms at k = 0 and k = n,
// and 7 of 10, whose interval Newcombe (1998, Stat. Med. 17:857) gives to
// four places.
func TestWilsonByHand(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		// k = 0: (0, z²/(n + z²)) = (0, 3.8415/13.8415).
		{0, 10, 0, 3.841458820694124 / 13.841458820694124},
		// k = n: (n/(n + z²), 1).
		{10, 10, 10 / 13.841458820694124, 1},
		{7, 10, 0.3968, 0.8922},
	} {
		lo, hi := Wilson(c.k, c.n)
		if math.Abs(lo-c.lo) > 5e-5 || math.Abs(hi-c.hi) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = (%.6f, %.6f), want (%.6f, %.6f)", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
}

// oddsScenario is seed-2026 over 2026–2030 with one uncertain parameter:
// the ground solar capacity factor, uniform on [0.25, 0.40]. Claim 9 holds
// when 0.98 × 1.36 / cf is within 20% of 5, i.e. for cf ≥ 1.3328/6 =
// 0.22213 (always here) and cf ≤ 1.3328/4 = 0.3332: with probability
// (0.3332 − 0.25)/0.15 = 0.5547, more often the lower cf is.
func oddsScenario(t *testing.T) *scenario.Scenario {
	t.Helper()
	s := loadSeed(t)
	if err := s.Set("horizon.end_year=2030"); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Params {
		p.Dist = nil
	}
	s.Params["solar.ground_capacity_factor"].Dist = &scenario.Dist{Kind: "uniform", Low: 0.25, High: 0.40}
	return s
}

const claim9Hand = (0.98*1.36/4 - 0.25) / 0.15

func claimsOdds(t *testing.T, s *scenario.Scenario, samples int, seed uint64, shards ...Shard) *ClaimsOdds {
	t.Helper()
	sw, err := New(s, Spec{Kind: MonteCarlo, Samples: samples, Seed: seed, Metrics: []string{MetricClaims, MetricCrossover}})
	if err != nil {
		t.Fatal(err)
	}
	base, err := plans.Claims(context.Background(), plans.FromScenario(s), plans.Options{}, plans.Versions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(shards) == 0 {
		shards = []Shard{{}}
	}
	acc := &ClaimsAccumulator{}
	for _, sh := range shards {
		if _, err := sw.Execute(context.Background(), ExecOptions{Workers: 2, Shard: sh}, func(r *Record) error {
			acc.Add(r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return acc.Odds(sw, base)
}

// On a distribution whose probability is known by hand, the estimate at
// seed 1 lies in its 95% interval and the interval covers the hand value;
// the verdict's rank correlation with the capacity factor is negative.
func TestClaimsOddsByHand(t *testing.T) {
	odds := claimsOdds(t, oddsScenario(t), 200, 1)
	if odds.Runs != 200 || odds.Failed != 0 {
		t.Fatalf("%d runs, %d failed", odds.Runs, odds.Failed)
	}
	c := odds.Claims[8]
	if c.ID != 9 || c.Probability == nil {
		t.Fatalf("claim 9: %+v", c)
	}
	p, lo, hi := *c.Probability, *c.Low, *c.High
	if c.True+c.False != 200 || math.Abs(p-float64(c.True)/200) > 1e-9 {
		t.Errorf("claim 9: %d true, %d false, p = %v", c.True, c.False, p)
	}
	if !(lo <= p && p <= hi) || !(lo <= claim9Hand && claim9Hand <= hi) {
		t.Errorf("claim 9: p = %v in [%v, %v]; by hand %v", p, lo, hi, claim9Hand)
	}
	if len(c.Drivers) != 1 || c.Drivers[0].Param != "solar.ground_capacity_factor" || c.Drivers[0].Rho > -0.5 {
		t.Errorf("claim 9 drivers %+v, want a strong negative correlation with the capacity factor", c.Drivers)
	}
	// Claim 8 does not depend on the capacity factor: 0.33 × 3 kW = 0.99
	// GW every time, no driver.
	if c8 := odds.Claims[7]; c8.True != 200 || len(c8.Drivers) != 0 || *c8.Probability != 1 {
		t.Errorf("claim 8: %+v", c8)
	}
}

// Same seed, same numbers, whether the runs come from one process or from
// three shards.
func TestClaimsOddsShards(t *testing.T) {
	s := oddsScenario(t)
	whole := claimsOdds(t, s, 24, 5)
	sharded := claimsOdds(t, s, 24, 5, Shard{0, 3}, Shard{1, 3}, Shard{2, 3})
	if !reflect.DeepEqual(whole, sharded) {
		t.Errorf("sharded odds differ:\n%+v\n%+v", whole.Claims[8], sharded.Claims[8])
	}
	other := claimsOdds(t, s, 24, 6)
	if reflect.DeepEqual(whole.Claims[8], other.Claims[8]) {
		t.Errorf("seeds 5 and 6 agree: %+v", whole.Claims[8])
	}
}

// BenchmarkClaimsOdds: `claims --samples 20` on seed-2026 with 1 and 2
// workers, every claim and only 1, 4, 5, 6 and 10 (no timeline), records
// discarded; samples/s, the seconds 1,000 samples would take and the CPU
// time per sample are the numbers to compare (target: 1,000 samples under
// 60 s on two cores).
func BenchmarkClaimsOdds(b *testing.B) {
	base := loadSeed(b)
	for _, c := range []struct {
		name   string
		claims []int
	}{{"all", nil}, {"1,4,5,6,10", []int{1, 4, 5, 6, 10}}} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("claims=%s/workers=%d", c.name, workers), func(b *testing.B) {
				sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 20, Seed: 2026, Claims: c.claims,
					Metrics: []string{MetricClaims, MetricCrossover, MetricLevelized, "compute_gw"}})
				if err != nil {
					b.Fatal(err)
				}
				runs := 0
				start, cpu0 := time.Now(), cpuTime()
				for b.Loop() {
					st, err := sw.Execute(context.Background(), ExecOptions{Workers: workers}, func(*Record) error { return nil })
					if err != nil {
						b.Fatal(err)
					}
					runs += st.Emitted
				}
				perSec := float64(runs) / time.Since(start).Seconds()
				b.ReportMetric(perSec, "samples/s")
				b.ReportMetric(1000/perSec, "s/1000samples")
				// CPU time per sample does not depend on how busy the machine is.
				b.ReportMetric((cpuTime()-cpu0).Seconds()*1e3/float64(runs), "cpu-ms/sample")
			})
		}
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Choosing claims needs the claims metric and real claim ids; the choice
// is part of the sweep's identity and narrows the CSV to those claims.
func TestClaimsChoice(t *testing.T) {
	s := oddsScenario(t)
	for _, spec := range []Spec{
		{Kind: MonteCarlo, Samples: 2, Claims: []int{1}},
		{Kind: MonteCarlo, Samples: 2, Metrics: []string{MetricClaims}, Claims: []int{0}},
		{Kind: MonteCarlo, Samples: 2, Metrics: []string{MetricClaims}, Claims: []int{11}},
	} {
		if _, err := New(s, spec); err == nil {
			t.Errorf("%+v accepted", spec)
		}
	}
	all, err := New(s, Spec{Kind: MonteCarlo, Samples: 2, Metrics: []string{MetricClaims}})
	if err != nil {
		t.Fatal(err)
	}
	some, err := New(s, Spec{Kind: MonteCarlo, Samples: 2, Metrics: []string{MetricClaims}, Claims: []int{6, 9}})
	if err != nil {
		t.Fatal(err)
	}
	if all.ID() == some.ID() {
		t.Error("choosing claims does not change the sweep's id")
	}
	h := strings.Join(csvHeader(some), ",")
	if !strings.HasSuffix(h, ",claim[6],claim[9]") || strings.Contains(h, "claim[1]") {
		t.Errorf("CSV header %s", h)
	}
}
