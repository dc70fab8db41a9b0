package plans

import (
	"math"
	"testing"
)

// TestQuantile against values worked by hand (and by numpy.percentile,
// whose default is the same definition).
func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 10}
	for _, tt := range []struct{ p, want float64 }{
		{0, 1}, {0.05, 1.2}, {0.25, 2}, {0.5, 3}, {0.95, 8.8}, {1, 10},
	} {
		if got := Quantile(xs, tt.p); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", xs, tt.p, got, tt.want)
		}
	}
	if got := Quantile([]float64{1, 2, 3, 4}, 0.5); got != 2.5 {
		t.Errorf("median of 1..4 = %v, want 2.5", got)
	}
	if got := Quantile([]float64{7}, 0.95); got != 7 {
		t.Errorf("one value: %v", got)
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("no values: want NaN")
	}
}

// TestHumanNumbers: no exponent in any human-facing number, and powers in
// the unit that keeps them under 1000 after rounding.
func TestHumanNumbers(t *testing.T) {
	for x, want := range map[float64]string{
		38060: "38060", 4600: "4600", 999.9: "1000", 12.34: "12.3", 0.5: "0.50",
		0.0046: "0.0046", 4.6e-5: "0.000046", -4.6e-5: "-0.000046", 1e-13: "0", 0: "0",
		9.9999: "10.0", 99.96: "100", 0.009999: "0.01", 0.0009999: "0.0010", 0.00099: "0.00099",
	} {
		if got := FormatNumber(x); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", x, got, want)
		}
	}
	for gw, want := range map[float64]string{
		0.9999: "1.00 GW", 0.9994: "999 MW", 0.0000308: "30.8 kW", 0.00099999: "1.00 MW", 2500: "2500 GW", 0: "0 GW",
	} {
		if got := FormatPower(gw); got != want {
			t.Errorf("FormatPower(%v) = %q, want %q", gw, got, want)
		}
	}
}
