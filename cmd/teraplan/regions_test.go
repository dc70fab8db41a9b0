package main

import (
	"strings"
	"testing"
)

// TestRegionsCommands: plan and limits by region, and the usage errors of
// a region that the scenario does not declare.
func TestRegionsCommands(t *testing.T) {
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--scenario", "regions-2026", "--region", "china"}); code != 0 {
		t.Fatalf("plan --region china: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"region china (the tables show its rows", "Compute, power and bottlenecks by region",
		"chips.wafers@china", "Trade between regions"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan --region china lacks %q", want)
		}
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--scenario", "regions-2026", "--format", "csv"}); code != 0 {
		t.Fatalf("plan --format csv: exit %d: %s", code, errOut)
	}
	for _, want := range []string{",region_summary,compute_gw@china,", ",trade,accelerators_m@us_china,", ",variable,compute.earth_gw@row,"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan csv lacks %q", want)
		}
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--scenario", "../../plans/testdata/two-regions-trade.yaml", "--region", "b", "--year", "2030"}); code != 0 {
		t.Fatalf("limits --region b: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"What limits b's compute in 2030", "accelerator exports (a → b)", "--set trade.accelerators_m_per_year@a_b"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("limits --region b lacks %q:\n%s", want, out)
		}
	}
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"region of a scenario without": {[]string{"plan", "--region", "us"}, "declares no regions"},
		"undeclared region":            {[]string{"limits", "--scenario", "regions-2026", "--region", "mars", "--year", "2030"}, "not one of scenario regions-2026's regions (us, china, row)"},
		"key for a region, no regions": {[]string{"plan", "--set", "grid.new_gw_per_year@us=3"}, "grid.new_gw_per_year@us"},
		"trade pair not declared":      {[]string{"plan", "--scenario", "regions-2026", "--set", "trade.hbm_eb_per_year@us_mars=0"}, "not a pair of the scenario's regions"},
	} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, c.args); code != int(ExitUsage) || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q: want %d and %q", name, code, errOut, ExitUsage, c.want)
		}
	}
}
