package sweep

import (
	"math"
	"sort"
	"strconv"

	"teraplan/plans"
)

// ClaimsOddsSchema is the JSON schema version of a claims probability report.
const ClaimsOddsSchema = "teraplan.claims-odds/v1"

// wilsonZ is the normal quantile of a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// ClaimsOdds is how likely each claim is across the futures a scenario's
// distributions describe: a Monte Carlo sweep whose runs are claims audits.
type ClaimsOdds struct {
	Schema       string `json:"schema"`
	Teraplan     string `json:"teraplan_version"`
	HiGHS        string `json:"highs_version"`
	Scenario     string `json:"scenario"`
	ScenarioHash string `json:"scenario_hash"`
	Sweep        string `json:"sweep"`
	Samples      int    `json:"samples"`
	Seed         uint64 `json:"seed"`
	// Shard is "i/n" when only one shard's runs were counted.
	Shard string `json:"shard,omitempty"`
	// Runs are the runs counted; Failed of them found no plan (and have no
	// verdicts).
	Runs   int `json:"runs"`
	Failed int `json:"failed"`
	// Params are the uncertain parameters drawn, as override names.
	Params []string    `json:"params"`
	Claims []ClaimOdds `json:"claims"`
}

// ClaimOdds is one claim's probability: the share of runs with a verdict
// in which it holds, with its 95% Wilson score interval, and the
// parameters that move the verdict most.
type ClaimOdds struct {
	ID    int    `json:"id"`
	Claim string `json:"claim"`
	Kind  string `json:"kind"`
	// BaseVerdict is the verdict under the scenario's own values.
	BaseVerdict  string `json:"verdict_at_base"`
	True         int    `json:"true"`
	False        int    `json:"false"`
	Undetermined int    `json:"undetermined"`
	// Probability is True / (True + False); absent when no run decided.
	Probability *float64 `json:"probability,omitempty"`
	Low         *float64 `json:"low,omitempty"`
	High        *float64 `json:"high,omitempty"`
	// Drivers are the parameters by the strength of their rank correlation
	// with the verdict (1 true, 0 false), strongest first; parameters whose
	// correlation is undefined (the verdict never changes) are left out.
	Drivers []Driver `json:"drivers"`
}

// Driver is a parameter's Spearman rank correlation with a verdict: with a
// 0/1 verdict, the point-biserial correlation of the parameter's ranks. A
// positive value means the claim holds more often when the parameter is
// higher.
type Driver struct {
	Param string  `json:"param"`
	Rho   float64 `json:"rank_correlation"`
}

// Wilson returns the 95% Wilson score interval of k successes in n trials:
//
//	(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),  p̂ = k/n, z = 1.96
//
// It stays inside [0, 1] and is not degenerate at k = 0 or k = n.
func Wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), wilsonZ*wilsonZ
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := wilsonZ * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// ClaimsAccumulator collects the verdicts of a claims sweep's runs.
type ClaimsAccumulator struct {
	runs []*Record
}

// Add counts one run (records of other sweeps must not be added).
func (a *ClaimsAccumulator) Add(r *Record) { a.runs = append(a.runs, r) }

// Odds turns the runs into each claim's probability. base is the audit
// under the scenario's own values (claim texts, kinds, base verdicts).
func (a *ClaimsAccumulator) Odds(sw *Sweep, base *plans.ClaimsReport) *ClaimsOdds {
	runs := append([]*Record(nil), a.runs...)
	sort.Slice(runs, func(i, j int) bool { return runs[i].Index < runs[j].Index })
	out := &ClaimsOdds{Schema: ClaimsOddsSchema, Teraplan: base.Teraplan, HiGHS: base.HiGHS,
		Scenario: base.Scenario, ScenarioHash: base.ScenarioHash, Sweep: sw.ID(),
		Samples: sw.spec.Samples, Seed: sw.spec.Seed, Runs: len(runs), Params: sw.OverrideKeys()}
	for _, r := range runs {
		if !r.OK() {
			out.Failed++
		}
	}
	for _, c := range base.Claims {
		co := ClaimOdds{ID: c.ID, Claim: c.Claim, Kind: c.Kind, BaseVerdict: c.Verdict, Drivers: []Driver{}}
		id := strconv.Itoa(c.ID)
		var verdicts []float64
		var decided []*Record
		for _, r := range runs {
			switch r.Claims[id] {
			case plans.True:
				co.True++
				verdicts, decided = append(verdicts, 1), append(decided, r)
			case plans.False:
				co.False++
				verdicts, decided = append(verdicts, 0), append(decided, r)
			case plans.Undetermined:
				co.Undetermined++
			}
		}
		if n := co.True + co.False; n > 0 {
			lo, hi := Wilson(co.True, n)
			co.Probability, co.Low, co.High = ptr(round9(float64(co.True)/float64(n))), ptr(round9(lo)), ptr(round9(hi))
		}
		for _, k := range out.Params {
			xs := make([]float64, len(decided))
			for i, r := range decided {
				v, ok := r.Overrides[k]
				if !ok {
					v = math.NaN()
				}
				xs[i] = v
			}
			if rho := spearman(xs, verdicts); rho != nil {
				co.Drivers = append(co.Drivers, Driver{Param: k, Rho: *rho})
			}
		}
		sort.SliceStable(co.Drivers, func(i, j int) bool {
			if a, b := math.Abs(co.Drivers[i].Rho), math.Abs(co.Drivers[j].Rho); a != b {
				return a > b
			}
			return co.Drivers[i].Param < co.Drivers[j].Param
		})
		out.Claims = append(out.Claims, co)
	}
	return out
}
