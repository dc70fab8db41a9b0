package constraints

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestNewHorizon(t *testing.T) {
	cases := []struct {
		start, end, step float64
		n                int
		last             float64
	}{
		{2026, 2040, 1, 15, 2040},
		// Quarterly 2026–2075 covers the end year whole: 50 years × 4 =
		// 200 periods, the last starting at 2075.75.
		{2026, 2075, 0.25, 200, 2075.75},
		// Steps that are not binary fractions still land on exact labels.
		// 2026 through the whole of 2027: 20 tenths, the last 2027.9.
		{2026, 2027, 0.1, 20, 2027.9},
		{2026, 2026, 1, 1, 2026},
		// A fractional end year is covered whole too: [2026, 2031.5)
		// takes 6 yearly periods.
		{2026, 2030.5, 1, 6, 2031},
	}
	for _, c := range cases {
		h, err := NewHorizon(c.start, c.end, c.step)
		if err != nil {
			t.Errorf("NewHorizon(%v, %v, %v): %v", c.start, c.end, c.step, err)
			continue
		}
		if h.N() != c.n || h.Years[h.N()-1] != c.last || h.Start() != c.start || h.Step != c.step {
			t.Errorf("NewHorizon(%v, %v, %v): %d periods %v..%v, want %d ending %v",
				c.start, c.end, c.step, h.N(), h.Start(), h.Years[h.N()-1], c.n, c.last)
		}
		for i, y := range h.Years {
			if Label(y) != h.Index()[i] {
				t.Errorf("label %q vs index %q", Label(y), h.Index()[i])
			}
		}
	}
	h, _ := NewHorizon(2026, 2027, 0.1)
	if got := h.Index()[3]; got != "2026.3" {
		t.Errorf("label of 2026 + 3×0.1 = %q, want 2026.3", got)
	}
}

func TestNewHorizonErrors(t *testing.T) {
	nan := math.NaN()
	for _, c := range [][3]float64{
		{2026, 2040, 0}, {2026, 2040, -1}, {2026, 2025, 1}, {nan, 2040, 1}, {2026, nan, 1},
		{2026, 2040, nan}, {2026, 2040, math.Inf(-1)},
		{0, 10000, 1}, // 10,001 periods: too long
	} {
		if _, err := NewHorizon(c[0], c[1], c[2]); err == nil {
			t.Errorf("NewHorizon(%v, %v, %v) gave no error", c[0], c[1], c[2])
		}
	}
}

// TestNewHorizonHuge: a horizon whose period count overflows an int must be
// an error like any other bad horizon.
func TestNewHorizonHuge(t *testing.T) {
	for _, c := range [][3]float64{{2026, math.Inf(1), 1}, {0, 1e300, 1}, {2026, 2040, 1e-300}} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("NewHorizon(%v, %v, %v) panicked: %v", c[0], c[1], c[2], r)
				}
			}()
			if _, err := NewHorizon(c[0], c[1], c[2]); err == nil {
				t.Errorf("NewHorizon(%v, %v, %v) gave no error", c[0], c[1], c[2])
			}
		}()
	}
}

// TestHorizonLag: a lead time of L periods = k + f lands 1 − f at k and f
// at k + 1 periods after the start.
func TestHorizonLag(t *testing.T) {
	yearly := Horizon{Step: 1}
	quarterly := Horizon{Step: 0.25}
	cases := []struct {
		h     Horizon
		years float64
		want  Lead
	}{
		{yearly, 0, Lead{}}, {yearly, -1, Lead{}}, {yearly, 1, Lead{1, 0}}, {yearly, 1.5, Lead{1, 0.5}},
		{yearly, 0.25, Lead{0, 0.25}}, {yearly, 3, Lead{3, 0}},
		{quarterly, 0.3, Lead{1, 0.2}}, {quarterly, 0.25, Lead{1, 0}}, {quarterly, 1.5, Lead{6, 0}},
		{quarterly, 3, Lead{12, 0}}, {quarterly, 0.375, Lead{1, 0.5}},
		// 0.1 × 3 in floating point is 0.30000000000000004: still 3 steps of 0.1.
		{Horizon{Step: 0.1}, 0.1 * 3, Lead{3, 0}},
	}
	for _, c := range cases {
		got := c.h.Lag(c.years)
		if got.Whole != c.want.Whole || math.Abs(got.Frac-c.want.Frac) > 1e-12 {
			t.Errorf("step %v: Lag(%v) = %+v, want %+v", c.h.Step, c.years, got, c.want)
		}
	}
	// 1.5 years on yearly periods: half one period later, half the next;
	// nothing online before, all of it after.
	l := yearly.Lag(1.5)
	for j, want := range [][2]float64{{0, 0}, {0.5, 0.5}, {0.5, 1}, {0, 1}} {
		if got, on := l.Lands(j), l.Online(j); got != want[0] || on != want[1] {
			t.Errorf("1.5 yr yearly, %d periods on: lands %v online %v, want %v", j, got, on, want)
		}
	}
	if l.Last() != 2 || quarterly.Lag(1.5).Last() != 6 || quarterly.Lag(1.5).Lands(6) != 1 {
		t.Errorf("Last: yearly 1.5 yr %d, quarterly 1.5 yr %d", l.Last(), quarterly.Lag(1.5).Last())
	}
	// Labour over a 2.5-period build: 0.4, 0.4, 0.2; a build shorter than a
	// period does all its work in the first.
	for j, want := range []float64{0.4, 0.4, 0.2, 0} {
		if got := yearly.Lag(2.5).Spread(j); math.Abs(got-want) > 1e-12 {
			t.Errorf("Spread(%d) of 2.5 periods = %v, want %v", j, got, want)
		}
	}
	if got := yearly.Lag(0.5).Spread(0); got != 1 {
		t.Errorf("Spread(0) of half a period = %v, want 1", got)
	}
	for _, c := range []struct {
		h     Horizon
		years float64
		want  float64
	}{{yearly, 5, 5}, {yearly, 0.1, 1}, {yearly, 5.5, 5.5}, {quarterly, 5, 20}, {quarterly, 0.3, 1.2},
		{Horizon{Step: 0.1}, 0.3, 3}} {
		if got := c.h.Life(c.years); got != c.want {
			t.Errorf("step %v: Life(%v) = %v, want %v", c.h.Step, c.years, got, c.want)
		}
	}
	// A 5.5-period life: whole for five periods, half in the sixth.
	for j, want := range []float64{1, 1, 1, 1, 1, 0.5, 0} {
		if got := Survive(5.5, j); got != want {
			t.Errorf("Survive(5.5, %d) = %v, want %v", j, got, want)
		}
	}
}

func TestHorizonPeriod(t *testing.T) {
	h, err := NewHorizon(2026, 2030, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if i, err := h.Period(2029.5); err != nil || i != 14 {
		t.Errorf("Period(2029.5) = %d, %v; want 14", i, err)
	}
	if _, err := h.Period(2029.6); !errors.Is(err, ErrNoYear) {
		t.Errorf("Period(2029.6) err = %v, want ErrNoYear", err)
	}
	if _, err := h.Period(2031); !errors.Is(err, ErrNoYear) {
		t.Errorf("Period(2031) err = %v, want ErrNoYear", err)
	}
}

// TestPeriodLabel: a period reads as people name it, never rounded to the
// next year.
func TestPeriodLabel(t *testing.T) {
	for _, c := range []struct {
		y, step float64
		want    string
	}{
		{2026, 1, "2026"}, {2040, 1, "2040"}, {2026, 2, "2026"}, {2026.5, 1, "2026.5"},
		{2026, 0.25, "2026 Q1"}, {2026.25, 0.25, "2026 Q2"}, {2026.5, 0.25, "2026 Q3"}, {2026.75, 0.25, "2026 Q4"},
		{2026, 0.5, "2026 H1"}, {2026.5, 0.5, "2026 H2"},
		{2026, 1.0 / 12, "2026-01"}, {2026 + 9.0/12, 1.0 / 12, "2026-10"}, {2026 + 11.0/12, 1.0 / 12, "2026-12"},
		// NewHorizon rounds period starts to 1e-9 years.
		{math.Round((2026+9.0/12)*1e9) / 1e9, 1.0 / 12, "2026-10"},
		{2026.3, 0.1, "2026.3"}, {2026.75, 0.5, "2026.75"},
	} {
		if got := PeriodLabel(c.y, c.step); got != c.want {
			t.Errorf("PeriodLabel(%v, %v) = %q, want %q", c.y, c.step, got, c.want)
		}
	}
	// Every period of a quarterly horizon has its own label, in order.
	h, _ := NewHorizon(2026, 2030, 0.25)
	seen := map[string]bool{}
	for i, y := range h.Years {
		l := PeriodLabel(y, h.Step)
		want := fmt.Sprintf("%d Q%d", 2026+i/4, i%4+1)
		if l != want || seen[l] {
			t.Errorf("period %d (%v): %q, want %q once", i, y, l, want)
		}
		seen[l] = true
	}
}

// TestSeriesReadsEachPeriodAtItsMiddle: World.series, which the builders
// read per-period parameters through (expansion reads these two keys), gives
// each key's value at every period's Mid, worked out by hand here for
// quarters of a rising trajectory, and keeps the keys apart in its cache.
func TestSeriesReadsEachPeriodAtItsMiddle(t *testing.T) {
	v := with(loose(), "horizon.end_year", 2027.0, "horizon.step_years", 0.25,
		"packaging.line_accelerators_per_year", traj(2026, 100, 2030, 500),
		"packaging.line_cost_usd", 7e9)
	w, err := Build(v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Quarter y reads y − 0.375: flat at 100 until 2026, then +100 a year.
	want := []float64{100, 100, 112.5, 137.5, 162.5, 187.5, 212.5, 237.5}
	expect(t, "line size by quarter", w.series("packaging.line_accelerators_per_year"), want)
	expect(t, "line cost by quarter", w.series("packaging.line_cost_usd"), series(8, func(int) float64 { return 7e9 }))
}
