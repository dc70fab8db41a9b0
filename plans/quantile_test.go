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
