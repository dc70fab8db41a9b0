package plans

import "math"

// Quantile is the p-quantile (0 <= p <= 1) of xs, which must be sorted
// ascending and hold no NaN: the value at rank h = p·(n−1), interpolated
// linearly between the two nearest order statistics (Hyndman and Fan's
// type 7, the default of R's quantile and NumPy's percentile, so a
// notebook reading a sweep file gets the same numbers). Every percentile
// teraplan prints, in a sweep summary or on a chart, is this one. It is
// NaN for an empty xs.
func Quantile(xs []float64, p float64) float64 {
	n := len(xs)
	switch {
	case n == 0:
		return math.NaN()
	case n == 1 || p <= 0:
		return xs[0]
	case p >= 1:
		return xs[n-1]
	}
	h := p * float64(n-1)
	i := int(h)
	if i >= n-1 {
		return xs[n-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}
