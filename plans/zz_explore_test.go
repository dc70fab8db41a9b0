package plans

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"teraplan/plans/scenario"
)

func TestZZExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip()
	}
	ctx := context.Background()
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	if sets := os.Getenv("SETS"); sets != "" {
		if err := s.Set(strings.Split(sets, ";")...); err != nil {
			t.Fatal(err)
		}
	}
	in := FromScenario(s)
	if os.Getenv("EXPLORE") == "limits" {
		for _, y := range []float64{2026, 2027, 2028, 2030, 2036, 2040} {
			rep, err := Limits(ctx, in, y, LimitsOptions{Resolve: 4}, Versions{})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("== %v compute %v\n", y, rep.ComputeGW)
			for i, l := range rep.Limits {
				if i > 8 {
					break
				}
				g := "-"
				if l.GainPlus10 != nil {
					g = fmt.Sprint(*l.GainPlus10, *l.GainMinus10)
				}
				fmt.Printf("  %s[%v] e=%v sp=%v cap=%v gain=%s\n", l.Family, l.Year, l.Elasticity, l.ShadowPrice, l.Capacity, g)
			}
		}
		return
	}
	if os.Getenv("EXPLORE") == "claims" {
		cr, err := Claims(ctx, in, Options{}, Versions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cr.Claims {
			fmt.Printf("%d %s %v | %s\n", c.ID, c.Verdict, c.Numbers, c.Why)
		}
		return
	}
	if os.Getenv("EXPLORE") == "timeline" {
		tl, err := BuildTimeline(ctx, in, 2026, 2040, 3, 0, LimitsOptions{}, Versions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ty := range tl.Years {
			fmt.Printf("%v %v:", ty.Year, ty.ComputeGW)
			for _, l := range ty.Top {
				fmt.Printf(" %s[%v]=%v", l.Family, l.Year, l.Elasticity)
			}
			fmt.Println()
		}
		return
	}
	res, err := Solve(ctx, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report(Versions{})
	for _, s := range rep.Summary {
		fmt.Printf("%+v\n", s)
	}
	for _, l := range rep.Levelized {
		fmt.Printf("%v earth %v orbit %v\n", l.Year, l.Earth.PerKWIT, l.Orbit.PerKWIT)
	}
}
