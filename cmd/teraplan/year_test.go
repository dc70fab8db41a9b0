package main

import (
	"strings"
	"testing"
)

// A --year outside the horizon, or between its periods, is a usage error
// that says what the horizon is; nothing is solved.
func TestYearOutsideHorizon(t *testing.T) {
	for _, args := range [][]string{
		{"plan", "--mode", "max-compute", "--year", "2050"},
		{"limits", "--year", "2030.5"},
		{"limits", "--year", "2025"},
	} {
		app, out, errOut := testApp(t, nil)
		if code := runCmd(app, args); code != int(ExitUsage) {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "is not a period of the horizon 2026–2040") {
			t.Errorf("%v: stdout %q, stderr %q", args, out, errOut)
		}
	}
}
