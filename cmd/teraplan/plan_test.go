package main

import (
	"bytes"
	"os"
	"testing"
)

// TestPlanJSONIsGolden: `teraplan plan --format json` on the default
// scenario prints the pinned default plan of plans/testdata, families
// included, apart from the version stamps.
func TestPlanJSONIsGolden(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("../../plans/testdata/seed-2026.plan.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := bytes.Replace(out.Bytes(), []byte(`"teraplan_version": "1.2.3"`), []byte(`"teraplan_version": "test"`), 1)
	got = bytes.Replace(got, []byte(`"highs_version": "HiGHS 9.8.7"`), []byte(`"highs_version": "test"`), 1)
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("plan --format json differs from the golden plan at byte %d: got %q, want %q",
			i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
	if !bytes.Contains(got, []byte(`"variables": {`)) || !bytes.Contains(got, []byte(`"shadow_prices": {`)) {
		t.Error("plan --format json lacks the variables or shadow_prices maps")
	}
}
