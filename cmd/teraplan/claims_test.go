package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"teraplan/plans/schema"
	"teraplan/plans/sweep"
)

func oddsJSON(t *testing.T, args ...string) (*sweep.ClaimsOdds, []byte) {
	t.Helper()
	app, out, stderr := testApp(t, nil)
	if code := runCmd(app, append([]string{"claims", "--format", "json"}, args...)); code != 0 {
		t.Fatalf("claims %v: exit %d: %s", args, code, stderr)
	}
	var odds sweep.ClaimsOdds
	if err := json.Unmarshal(out.Bytes(), &odds); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return &odds, out.Bytes()
}

// claims --samples audits each sample from the scenario's own plans'
// bases; --cold solves every plan from scratch, with the same odds.
func TestClaimsSamplesCold(t *testing.T) {
	_, warm := oddsJSON(t, "--samples", "4", "--seed", "3")
	_, cold := oddsJSON(t, "--samples", "4", "--seed", "3", "--cold")
	if string(warm) != string(cold) {
		t.Errorf("--cold changed the odds:\n%s\n%s", warm, cold)
	}
}

// claims --samples in one process, and as two shards whose --runs files
// are merged and counted with --resume, give the same odds; the JSON
// follows its schema, and the CSV and table name each claim.
func TestClaimsSamplesShardsAndResume(t *testing.T) {
	dir := t.TempDir()
	whole, doc := oddsJSON(t, "--samples", "6", "--seed", "2")
	if err := schema.Validate("claims-odds", doc); err != nil {
		t.Error(err)
	}
	if whole.Runs != 6 || len(whole.Claims) != 10 || whole.Shard != "" {
		t.Fatalf("runs %d, claims %d, shard %q", whole.Runs, len(whole.Claims), whole.Shard)
	}
	var parts []string
	for _, sh := range []string{"0/2", "1/2"} {
		p := filepath.Join(dir, "part-"+sh[:1]+".jsonl")
		parts = append(parts, p)
		part, _ := oddsJSON(t, "--samples", "6", "--seed", "2", "--shard", sh, "--runs", p)
		if part.Runs != 3 || part.Shard != sh {
			t.Errorf("shard %s: %d runs, shard %q", sh, part.Runs, part.Shard)
		}
	}
	merged := filepath.Join(dir, "all.jsonl")
	app, _, stderr := testApp(t, nil)
	if code := runCmd(app, append([]string{"sweep", "merge", "--out", merged}, parts...)); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	again, _ := oddsJSON(t, "--samples", "6", "--seed", "2", "--runs", merged, "--resume")
	if !reflect.DeepEqual(again, whole) {
		t.Errorf("merged shards differ from one process:\n%+v\n%+v", again.Claims[0], whole.Claims[0])
	}

	app, out, stderr := testApp(t, nil)
	if code := runCmd(app, []string{"claims", "--samples", "3", "--format", "csv"}); code != 0 {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 11 || !strings.HasPrefix(lines[0], "id,kind,verdict_at_base,true,false,undetermined,probability,low,high,") {
		t.Errorf("CSV:\n%s", out)
	}
}

func TestClaimsSampleFlagsNeedSamples(t *testing.T) {
	for _, args := range [][]string{{"--seed", "3"}, {"--runs", "x.jsonl"}, {"--chart", "x.svg"}} {
		app, _, stderr := testApp(t, nil)
		if code := runCmd(app, append([]string{"claims"}, args...)); code != 2 || !strings.Contains(stderr.String(), "is for --samples") {
			t.Errorf("claims %v: exit %d: %s", args, code, stderr)
		}
	}
	app, _, stderr := testApp(t, nil)
	if code := runCmd(app, []string{"claims", "--samples", "2", "--resume"}); code != 2 || !strings.Contains(stderr.String(), "--resume needs --runs") {
		t.Errorf("--resume without --runs: exit %d: %s", code, stderr)
	}
	app, _, stderr = testApp(t, nil)
	if code := runCmd(app, []string{"claims", "--claims", "1,12"}); code != 2 || !strings.Contains(stderr.String(), "no claim 12") {
		t.Errorf("--claims 1,12: exit %d: %s", code, stderr)
	}
}

// --claims judges only the claims named, alone or sampled.
func TestClaimsChosen(t *testing.T) {
	app, out, stderr := testApp(t, nil)
	if code := runCmd(app, []string{"claims", "--claims", "6,1", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct{ Claims []struct{ ID int } }
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Claims) != 2 || rep.Claims[0].ID != 1 || rep.Claims[1].ID != 6 {
		t.Errorf("%v: %s", err, out)
	}
	odds, _ := oddsJSON(t, "--samples", "3", "--claims", "6,1")
	if len(odds.Claims) != 2 || odds.Claims[0].ID != 1 || odds.Claims[1].ID != 6 || odds.Runs != 3 {
		t.Errorf("odds %+v", odds)
	}
}

// The timeline prints a chain of rows binding together on one line (in
// 2030, under the first model's limits, the orbital chain of three rows),
// and the flag the single-year view shows where a re-solve disagrees with
// the dual (in 2028, wafers and HBM).
func TestTimelineShowsChainsAndDisagreement(t *testing.T) {
	app, out, stderr := testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--scenario", "../../plans/testdata/v1-limits.yaml", "--years", "2028-2030"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var chain, flagged bool
	for _, l := range strings.Split(out.String(), "\n") {
		chain = chain || strings.Contains(l, "launch.mass +2")
		flagged = flagged || (strings.Contains(l, "chips.wafers") && strings.HasSuffix(strings.TrimSpace(l), "*"))
	}
	if !chain || !flagged || !strings.Contains(out.String(), "* the ±10% re-solve disagrees") {
		t.Errorf("chain line %v, flagged line %v:\n%s", chain, flagged, out)
	}
}
