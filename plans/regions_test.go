package plans_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"teraplan/lp/lptest"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// regionPlanJSON renders a min-cost plan of s the way `teraplan plan --format
// json` does.
func regionPlanJSON(t *testing.T, s *scenario.Scenario, opt plans.Options) []byte {
	t.Helper()
	res := solve(t, plans.FromScenario(s), opt)
	b, err := json.MarshalIndent(res.Report(testVersions), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestOneRegionEquivalence: a scenario that declares the single region
// (regions: [world]) gives byte-identical plan JSON to the scenario
// without regions, for every built-in scenario, in both modes; for
// seed-2026 that is the golden file.
func TestOneRegionEquivalence(t *testing.T) {
	dir := t.TempDir()
	for _, name := range scenario.Builtins() {
		base, err := scenario.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if base.Values().MultiRegion() {
			continue
		}
		path := dir + "/" + name + ".yaml"
		yaml := fmt.Sprintf("name: %s\nextends: %s\nregions: [world]\n", name, name)
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		world, err := scenario.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if world.Hash() != base.Hash() {
			t.Errorf("%s: regions: [world] changed the scenario hash", name)
		}
		for _, opt := range []plans.Options{{}, {Mode: 1, Year: 2032}} {
			got, want := regionPlanJSON(t, world, opt), regionPlanJSON(t, base, opt)
			if !bytes.Equal(got, want) {
				t.Errorf("%s %v: regions: [world] differs at %s", name, opt.Mode, firstDifference(got, want))
			}
			if name == "seed-2026" && opt.Mode == 0 {
				golden, err := os.ReadFile(goldenPlan)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, golden) {
					t.Errorf("seed-2026 with regions: [world] differs from %s at %s", goldenPlan, firstDifference(got, golden))
				}
			}
		}
	}
}

// TestTradeLimitBinds: in two-regions-trade.yaml region b gets all its
// new accelerators from a, two million a year at most. Maximising b's
// compute in 2030, the export limit is the first limit; its elasticity is
// it_kw × L / (g0_b + it_kw × L) by hand, and re-solving it at +10% gains
// exactly it_kw × 0.1 × L.
func TestTradeLimitBinds(t *testing.T) {
	s, err := scenario.Load("testdata/two-regions-trade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := plans.FromScenario(s)
	rep := limits(t, in, 2030, plans.LimitsOptions{Region: "b"})
	if len(rep.Limits) == 0 {
		t.Fatal("no limits")
	}
	first := rep.Limits[0]
	if first.Family != "trade.accelerators@a_b" || first.Year != 2030 || first.Region != "a_b" {
		t.Fatalf("first limit %s[%v] (region %q), want trade.accelerators@a_b[2030]", first.Family, first.Year, first.Region)
	}
	v := s.Values()
	itKW := v.At("accelerator.it_kw", 2030)
	g0 := 0.5 * v.At("compute.initial_earth_gw", 2030) // b's share of the installed base
	const limit = 2.0                                  // M accelerators in the one-year period
	compute := g0 + itKW*limit
	if !relNear(rep.ComputeGW, compute, 1e-9) {
		t.Errorf("b's compute %v GW, want g0_b + it_kw × L = %v", rep.ComputeGW, compute)
	}
	// The dual is it_kw GW per M accelerators, less the max-compute
	// objective's 10⁻⁶ per $B of cost: relative 10⁻⁴ covers it.
	if want := itKW * limit / compute; !relNear(first.Elasticity, want, 1e-4) {
		t.Errorf("elasticity %v, want it_kw × L / compute = %v", first.Elasticity, want)
	}
	if first.GainPlus10 == nil {
		t.Fatal("no +10% re-solve")
	}
	if want := itKW * 0.1 * limit; !relNear(*first.GainPlus10, want, 1e-8) {
		t.Errorf("+10%% re-solve gains %v GW, want it_kw × 0.1 × L = %v", *first.GainPlus10, want)
	}
}

// TestExportControlFlipsLead: in export-control.yaml the US makes every
// accelerator and China has the power. Maximising both regions' compute
// in 2030, China leads while accelerators may be shipped to it; with an
// export ban (trade.accelerators_m_per_year@us_china = 0) nothing is
// shipped and the US leads. The ban can only lower the total, and the
// regions' rows add up to the plan's.
func TestExportControlFlipsLead(t *testing.T) {
	lead := func(assignments ...string) (us, china, total float64, shipped float64) {
		t.Helper()
		s, err := scenario.Load("testdata/export-control.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Set(assignments...); err != nil {
			t.Fatal(err)
		}
		res := solve(t, plans.FromScenario(s), plans.Options{Mode: 1, Year: 2030})
		rep := res.Report(testVersions)
		last := len(rep.Years) - 1
		for _, rr := range rep.Regions {
			switch rr.Region {
			case "us":
				us = rr.Summary[last].ComputeGW
			case "china":
				china = rr.Summary[last].ComputeGW
			}
		}
		for _, tr := range rep.Trade {
			shipped += tr.AcceleratorsM
		}
		total = rep.Summary[last].ComputeGW
		if !relNear(us+china, total, 1e-6) {
			t.Errorf("regions' compute %v + %v ≠ the plan's %v", us, china, total)
		}
		return us, china, total, shipped
	}
	us, china, open, shipped := lead()
	if !(china > us) || shipped <= 0 {
		t.Fatalf("without export control: China %v GW, US %v GW in 2030, %v M shipped: want China ahead on US accelerators", china, us, shipped)
	}
	us, china, banned, shipped := lead("trade.accelerators_m_per_year@us_china=0")
	if !(us > china) || shipped != 0 {
		t.Fatalf("with the ban: US %v GW, China %v GW in 2030, %v M shipped: want the US ahead, nothing shipped", us, china, shipped)
	}
	if banned > open*(1+1e-9) {
		t.Errorf("the ban raised the regions' total compute from %v to %v GW", open, banned)
	}
}

// TestMaxComputeForOneRegion: maximising b's compute in
// two-regions-trade.yaml with a making 3 M accelerators and needing 6 GW,
// a keeps what it has in the min-cost plan, its target met (0.5 GW more
// than its installed base: 0.5 / it_kw M accelerators), and b gets the
// rest: g0_b + it_kw × (3 − 0.5 / it_kw) GW.
func TestMaxComputeForOneRegion(t *testing.T) {
	s, err := scenario.Load("testdata/two-regions-trade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("chips.accelerators_per_year_existing@a=3", "target.compute_gw@a=6", "trade.accelerators_m_per_year@a_b=1000"); err != nil {
		t.Fatal(err)
	}
	res := solve(t, plans.FromScenario(s), plans.Options{Mode: 1, Region: "b"})
	rep := res.Report(testVersions)
	v := s.Values()
	itKW, g0 := v.At("accelerator.it_kw", 2030), 0.5*v.At("compute.initial_earth_gw", 2030)
	a, b := rep.Regions[0].Summary[0], rep.Regions[1].Summary[0]
	if a.ShortfallGW > 1e-9 || !relNear(a.ComputeGW, 6, 1e-9) {
		t.Errorf("a: %v GW, %v GW short; want its 6 GW target met", a.ComputeGW, a.ShortfallGW)
	}
	if want := g0 + itKW*(3-(6-g0)/itKW); !relNear(b.ComputeGW, want, 1e-9) {
		t.Errorf("b: %v GW, want g0_b + it_kw × (3 − (6 − g0_a)/it_kw) = %v", b.ComputeGW, want)
	}
	if rep.Region != "b" || rep.Summary[0].ComputeGW != b.ComputeGW {
		t.Errorf("report region %q, summary %v GW: want b's rows", rep.Region, rep.Summary[0].ComputeGW)
	}
}

// TestRegionalModelSolvesAlikeInCLI: regions-2026's model, its families
// scoped family@region, written as MPS and as CPLEX LP, reaches the same
// objective in HiGHS's own command-line solver.
func TestRegionalModelSolvesAlikeInCLI(t *testing.T) {
	cli := lptest.CLI(t)
	s, err := scenario.Load("regions-2026")
	if err != nil {
		t.Fatal(err)
	}
	res := solve(t, plans.FromScenario(s), plans.Options{})
	want := res.Solution.Objective
	dir := t.TempDir()
	for ext, write := range map[string]func(*bytes.Buffer) error{
		"mps": func(b *bytes.Buffer) error { return res.World.Model.WriteMPS(b) },
		"lp":  func(b *bytes.Buffer) error { return res.World.Model.WriteLP(b) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("power.balance@china")) {
			t.Fatalf("%s: no power.balance@china row", ext)
		}
		file := dir + "/regions-2026." + ext
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := lptest.Objective(t, cli, file); !relNear(got, want, 1e-6) {
			t.Errorf("%s: highs CLI objective %.12g, teraplan %.12g", ext, got, want)
		}
	}
}

// TestEqualHalvesReproduceTheWorld: seed-2026 split into two regions with
// half of every extensive quantity each and nothing else set per region
// is the world twice at half scale (every row's constant is extensive or
// zero), so both modes reach the single-region objective: an independent
// check of the per-region build, the shares and the summed objective.
func TestEqualHalvesReproduceTheWorld(t *testing.T) {
	world := seed(t)
	dir := t.TempDir()
	yaml := "name: halves\nextends: seed-2026\nregions: [east, west]\nparams:\n"
	for _, r := range []string{"east", "west"} {
		yaml += fmt.Sprintf("  region.share@%s: {value: 0.5, unit: share, source: test, confidence: estimate}\n", r)
	}
	if err := os.WriteFile(dir+"/halves.yaml", []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	halves, err := scenario.Load(dir + "/halves.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []plans.Options{{}, {Mode: 1, Year: 2032}} {
		one := solve(t, plans.FromScenario(world), opt)
		two := solve(t, plans.FromScenario(halves), opt)
		if !relNear(two.Solution.Objective, one.Solution.Objective, 1e-6) {
			t.Errorf("%v: two halves %.9g, the world %.9g", opt.Mode, two.Solution.Objective, one.Solution.Objective)
		}
	}
}
