package constraints

import (
	"slices"
	"strings"
	"testing"
)

// moduleFamilies lists, per module, the variable and constraint families
// its doc comment promises (min-cost mode, robots on). Expansions add
// prefix_starts, prefix_online, prefix_stock and prefix_growth.
var moduleFamilies = map[string]struct{ vars, cons []string }{
	"compute": {
		vars: []string{"compute.made", "compute.install_earth", "compute.install_orbit", "compute.stranded",
			"compute.earth_gw", "compute.orbit_gw", "compute.shortfall", "compute.facility_new", "compute.facilities"},
		cons: []string{"compute.inventory", "compute.earth_fleet", "compute.orbit_fleet", "compute.target",
			"compute.facility_stock", "compute.facility"},
	},
	"chips": {
		vars: []string{"chips.unmade", "chips.fab_starts", "chips.fabs_mature", "chips.own_made",
			"chips.packaging_lines_starts", "chips.packaging_lines_online"},
		cons: []string{"chips.committed", "chips.wafers", "chips.packaging", "chips.fabs_mature",
			"chips.own_output", "chips.euv", "chips.fab_growth",
			"chips.packaging_lines_stock", "chips.packaging_lines_growth"},
	},
	"memory": {
		vars: []string{"memory.fabs_starts", "memory.fabs_online", "memory.hbm_lines_starts", "memory.hbm_lines_online"},
		cons: []string{"memory.hbm", "memory.dram", "memory.fabs_stock", "memory.hbm_lines_stock",
			"memory.fabs_growth", "memory.hbm_lines_growth"},
	},
	"power": {
		vars: []string{"power.grid_new", "power.grid_online", "power.castings", "power.turbines_new",
			"power.turbines_online", "power.solar_new", "power.solar_online",
			"power.grid_energy_gw", "power.turbine_energy_gw",
			"power.casting_lines_starts", "power.casting_lines_online"},
		cons: []string{"power.balance", "power.grid", "power.grid_stock", "power.castings", "power.turbines",
			"power.turbine_stock", "power.solar_stock", "power.offpeak", "power.fuel", "power.solar_permits",
			"power.turbine_supply", "power.transformers", "power.energy", "power.grid_energy", "power.turbine_energy",
			"power.casting_lines_stock", "power.casting_lines_growth"},
	},
	"solar": {
		vars: []string{"solar.own_ground", "solar.own_space", "solar.imported",
			"solar.cell_lines_starts", "solar.cell_lines_online"},
		cons: []string{"solar.ground_cells", "solar.space_cells", "solar.own_capacity", "solar.imports",
			"solar.cell_lines_stock", "solar.cell_lines_growth"},
	},
	"launch": {
		vars: []string{"launch.ships_built", "launch.fleet", "launch.launches",
			"launch.pads_starts", "launch.pads_online",
			"launch.propellant_plants_starts", "launch.propellant_plants_online"},
		cons: []string{"launch.ship_production", "launch.fleet", "launch.turnaround", "launch.pads",
			"launch.propellant", "launch.propellant_ceiling", "launch.mass", "launch.licences", "launch.ramp",
			"launch.pads_stock", "launch.propellant_plants_stock", "launch.pads_growth", "launch.propellant_plants_growth"},
	},
	"space": {
		vars: []string{"space.power_new", "space.mass", "space.factories_starts", "space.factories_online"},
		cons: []string{"space.power", "space.mass", "space.manufacturing", "space.factories_stock", "space.factories_growth"},
	},
	"lunar": {
		vars: []string{"lunar.mass"},
		cons: []string{"lunar.driver", "lunar.earth_share"},
	},
	"robots": {
		vars: []string{"robots.capacity", "robots.self_added", "robots.self_capacity", "robots.produced",
			"robots.stock", "robots.shortfall", "robots.lines_starts", "robots.lines_online"},
		cons: []string{"robots.capacity", "robots.self_stock", "robots.self_build", "robots.ceiling",
			"robots.production", "robots.fleet", "robots.target", "robots.lines_stock", "robots.lines_growth"},
	},
	"labour": {
		cons: []string{"labour.balance"},
	},
	"cost": {
		vars: []string{"cost.total"},
		cons: []string{"cost.total"},
	},
}

// alsoRemoved lists families of other modules that go when a module is
// switched off: orbit compute needs space, off-peak charging needs robots,
// and the lunar module is built by space.
var alsoRemoved = map[string][]string{
	"space":  {"compute.install_orbit", "compute.orbit_gw", "compute.orbit_fleet", "lunar.mass", "lunar.driver", "lunar.earth_share"},
	"robots": {"power.offpeak"},
}

func allOn() Values { return with(loose(), "lunar", true) }

// TestModuleFamilies builds every module and checks that each documented
// family exists with one entry per period, and that nothing else does.
func TestModuleFamilies(t *testing.T) {
	for _, step := range []float64{1, 0.25} {
		w, err := Build(with(allOn(), "horizon.step_years", step), Options{})
		if err != nil {
			t.Fatal(err)
		}
		// 2026 through the whole of 2030 is 5 yearly or 20 quarterly periods.
		n := map[float64]int{1: 5, 0.25: 20}[step]
		if w.H.N() != n {
			t.Fatalf("step %v: %d periods, want %d", step, w.H.N(), n)
		}
		vars, cons := families(w.Model)
		wantVars, wantCons := map[string]bool{}, map[string]bool{}
		for mod, f := range moduleFamilies {
			for _, name := range f.vars {
				wantVars[name] = true
				if got, ok := vars[name]; !ok {
					t.Errorf("step %v: %s: variable family %s missing", step, mod, name)
				} else if got != n {
					t.Errorf("step %v: %s has %d entries, want %d", step, name, got, n)
				}
			}
			for _, name := range f.cons {
				wantCons[name] = true
				if got, ok := cons[name]; !ok {
					t.Errorf("step %v: %s: constraint family %s missing", step, mod, name)
				} else if got != n {
					// No module documents skipped rows: one row per period.
					t.Errorf("step %v: %s has %d rows, want %d", step, name, got, n)
				}
			}
		}
		for _, name := range sortedKeys(vars) {
			if !wantVars[name] {
				t.Errorf("step %v: undocumented variable family %s", step, name)
			}
		}
		for _, name := range sortedKeys(cons) {
			if !wantCons[name] {
				t.Errorf("step %v: undocumented constraint family %s", step, name)
			}
		}
	}
}

// TestModeFamilies: the target rows and shortfalls exist only in min-cost;
// capital.budget in both modes, with a budget.
func TestModeFamilies(t *testing.T) {
	cases := []struct {
		name    string
		v       Values
		opt     Options
		present []string
		absent  []string
	}{
		{"min-cost", loose(), Options{Mode: MinCost},
			[]string{"compute.target", "compute.shortfall", "robots.target", "robots.shortfall"}, []string{"capital.budget"}},
		{"max-compute without budget", loose(), Options{Mode: MaxCompute},
			nil, []string{"compute.target", "compute.shortfall", "robots.target", "robots.shortfall", "capital.budget"}},
		{"max-compute with budget", with(loose(), "budget.usd_per_year", 1e12), Options{Mode: MaxCompute},
			[]string{"capital.budget", "capital.savings"}, []string{"compute.target", "compute.shortfall", "capital.debt"}},
		{"min-cost with budget", with(loose(), "budget.usd_per_year", 1e12), Options{Mode: MinCost},
			[]string{"capital.budget", "compute.target"}, []string{"capital.debt"}},
		{"borrowing", with(loose(), "budget.usd_per_year", 1e12, "finance.debt_max_usd", 1e11), Options{Mode: MinCost},
			[]string{"capital.budget", "capital.debt", "capital.debt_stock", "capital.borrow"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := Build(c.v, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			vars, cons := families(w.Model)
			has := func(n string) bool { _, a := vars[n]; _, b := cons[n]; return a || b }
			for _, n := range c.present {
				if !has(n) {
					t.Errorf("%s missing", n)
				}
			}
			for _, n := range c.absent {
				if has(n) {
					t.Errorf("%s present", n)
				}
			}
		})
	}
}

// TestModuleSwitches: switching a module off removes exactly its families
// (and those that depend on it), its typed handle and its costs, and the
// rest still solves.
func TestModuleSwitches(t *testing.T) {
	full, err := Build(allOn(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fullVars, fullCons := families(full.Model)
	costOf := map[string][]string{
		"chips": {CostFabs, CostPackaging}, "memory": {CostMemory}, "power": {CostPowerPlant, CostFuel, CostBatteries, CostSolarBOS, CostCastings},
		"solar": {CostCells}, "launch": {CostLaunch, CostLaunchInfra}, "space": {CostSatellite, CostLunar},
		"robots": {CostRobots}, "lunar": {CostLunar},
	}
	for _, mod := range Modules() {
		t.Run(mod, func(t *testing.T) {
			v := with(allOn(), mod, false)
			w, err := Build(v, Options{})
			if err != nil {
				t.Fatal(err)
			}
			gone := map[string]bool{}
			for _, n := range moduleFamilies[mod].vars {
				gone[n] = true
			}
			for _, n := range moduleFamilies[mod].cons {
				gone[n] = true
			}
			for _, n := range alsoRemoved[mod] {
				gone[n] = true
			}
			vars, cons := families(w.Model)
			for _, set := range []struct{ full, got map[string]int }{{fullVars, vars}, {fullCons, cons}} {
				for n := range set.full {
					_, ok := set.got[n]
					if gone[n] && ok {
						t.Errorf("%s still present with %s off", n, mod)
					}
					if !gone[n] && !ok {
						t.Errorf("%s removed with %s off", n, mod)
					}
				}
			}
			if got := append(withPrefix(vars, mod+"."), withPrefix(cons, mod+".")...); len(got) > 0 {
				t.Errorf("families of %s left: %v", mod, got)
			}
			for _, c := range costOf[mod] {
				if _, ok := w.Cost.Components[c]; ok {
					t.Errorf("cost component %s still present with %s off", c, mod)
				}
			}
			handles := map[string]bool{"chips": w.Chips != nil, "memory": w.Memory != nil, "power": w.Power != nil,
				"solar": w.Solar != nil, "launch": w.Launch != nil, "space": w.Space != nil, "robots": w.Robots != nil,
				"labour": w.Labour != nil, "lunar": w.Lunar != nil}
			if handles[mod] {
				t.Errorf("w's handle for %s is not nil", mod)
			}
			// Min-cost with a modest target still solves with the module off.
			v = with(v, "target.compute_gw", 10.0, "labour.human_worker_years", 1e4)
			for _, k := range []string{"fabs.labour_worker_years", "packaging.labour_worker_years",
				"memory.fab_labour_worker_years", "memory.hbm_line_labour_worker_years", "castings.labour_worker_years",
				"solar.cell_line_labour_worker_years", "launch.pad_labour_worker_years",
				"launch.propellant_plant_labour_worker_years", "robots.line_labour_worker_years"} {
				v = with(v, k, 1e3)
			}
			solveOK(t, v, Options{})
		})
	}
	// The power example of the switches: nothing named power.* (nor the
	// casting lines power builds) is left, and space off drops orbit installs.
	w, err := Build(with(allOn(), "power", false, "space", false), Options{})
	if err != nil {
		t.Fatal(err)
	}
	vars, cons := families(w.Model)
	for _, p := range []string{"power.", "castings."} {
		if got := append(withPrefix(vars, p), withPrefix(cons, p)...); len(got) > 0 {
			t.Errorf("power off: %v left", got)
		}
	}
	if _, ok := vars["compute.install_orbit"]; ok {
		t.Error("space off: compute.install_orbit present")
	}
	if w.Compute.InstallOrbit != nil || w.Compute.OrbitGW != nil {
		t.Error("space off: orbit handles not nil")
	}
}

// TestFamilyNames: every family is module.family, lower case, and its
// module part is a module or an expansion prefix the owning module builds.
func TestFamilyNames(t *testing.T) {
	w, err := Build(allOn(), Options{Mode: MaxCompute})
	if err != nil {
		t.Fatal(err)
	}
	known := append(Modules(), "compute", "cost")
	vars, cons := families(w.Model)
	for _, n := range append(sortedKeys(vars), sortedKeys(cons)...) {
		mod, fam, ok := strings.Cut(n, ".")
		if !ok || fam == "" || strings.ToLower(n) != n || strings.Contains(fam, ".") {
			t.Errorf("family %q is not module.family", n)
		}
		if !slices.Contains(known, mod) {
			t.Errorf("family %q: unknown module %q", n, mod)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	v := loose()
	delete(v.Params, "launch.payload_t")
	if _, err := Build(v, Options{}); err == nil || !strings.Contains(err.Error(), "launch.payload_t") {
		t.Errorf("missing parameter: err = %v, want one naming launch.payload_t", err)
	}
	for _, y := range []float64{2025, 2031} {
		if _, err := Build(loose(), Options{Mode: MaxCompute, Year: y}); err == nil {
			t.Errorf("max-compute year %v outside 2026-2030 built without error", y)
		}
	}
	if _, err := Build(with(loose(), "horizon.step_years", 0.0), Options{}); err == nil {
		t.Error("zero step built without error")
	}
	// Max-compute in 2028 ends the horizon there: 2026, 2027, 2028.
	w, err := Build(loose(), Options{Mode: MaxCompute, Year: 2028})
	if err != nil {
		t.Fatal(err)
	}
	if w.H.N() != 3 || w.H.Years[2] != 2028 || w.Opt.Year != 2028 {
		t.Errorf("max-compute 2028: horizon %v, year %v", w.H.Years, w.Opt.Year)
	}
	// Year 0 means the last year.
	w, err = Build(loose(), Options{Mode: MaxCompute})
	if err != nil {
		t.Fatal(err)
	}
	if w.Opt.Year != 2030 {
		t.Errorf("max-compute default year %v, want 2030", w.Opt.Year)
	}
}

func TestParseMode(t *testing.T) {
	for s, want := range map[string]Mode{"": MinCost, "min-cost": MinCost, "max-compute": MaxCompute} {
		got, err := ParseMode(s)
		if err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v", s, got, err)
		}
		if s != "" && got.String() != s {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	if _, err := ParseMode("max"); err == nil {
		t.Error(`ParseMode("max") accepted`)
	}
}
