package plans_test

import (
	"context"
	"testing"

	"teraplan/plans"
)

// BenchmarkAlternativesDefault is `teraplan alternatives` in-process: the
// default quantities on the default scenario at 5% slack (issue 19: under
// 2 s).
func BenchmarkAlternativesDefault(b *testing.B) {
	in := seedInput(b)
	opt := plans.AlternativesOptions{Slack: plans.DefaultSlack}
	for b.Loop() {
		a, err := plans.Alternatives(context.Background(), in, opt, testVersions)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(a.Report.Solves), "solves/op")
	}
}
