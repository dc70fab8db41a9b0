package plans_test

import (
	"context"
	"fmt"
	"testing"

	"teraplan/plans"
)

// TestTimelineProgress: BuildTimeline reports each year analysed, in
// order, against the number of years it will analyse.
func TestTimelineProgress(t *testing.T) {
	var calls []string
	opt := plans.LimitsOptions{Progress: func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) }}
	tl, err := plans.BuildTimeline(context.Background(), seedInput(t), 2027, 2030, 3, 0, opt, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[1/4 2/4 3/4 4/4]" || len(tl.Years) != 4 {
		t.Errorf("progress %v over %d years", calls, len(tl.Years))
	}
}
