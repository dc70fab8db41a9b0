package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// A command whose context is cancelled (SIGINT or SIGTERM in main) exits
// 130 with a message that says it was interrupted, and writes no partial
// result; under --format json the envelope carries the code.
func TestInterruptedExit(t *testing.T) {
	for _, args := range [][]string{{"plan"}, {"limits", "--year", "2030"}, {"claims"}} {
		app, out, errOut := testApp(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		code := execute(ctx, app, newRootCmd(app), args)
		if code != int(ExitInterrupted) {
			t.Errorf("%v: exit %d, want %d", args, code, ExitInterrupted)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "interrupted") {
			t.Errorf("%v: stdout %q, stderr %q", args, out, errOut)
		}
	}
	app, out, _ := testApp(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := execute(ctx, app, newRootCmd(app), []string{"plan", "--format", "json"}); code != 130 {
		t.Fatalf("exit %d", code)
	}
	var env struct {
		Error struct {
			Code int
			Kind string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &env); err != nil || env.Error.Code != 130 || env.Error.Kind != "interrupted" {
		t.Errorf("envelope %s (%v)", out, err)
	}
}
