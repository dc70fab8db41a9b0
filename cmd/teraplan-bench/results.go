package main

// Results is what one run of the harness measured; BENCHMARKS.json is one
// of these. Metrics is the part bench-check reads: every ratio and every
// value with a target, flat and named.
type Results struct {
	Schema  string       `json:"schema"`
	Date    string       `json:"date"`
	Quick   bool         `json:"quick"`
	Machine Machine      `json:"machine"`
	Default *DefaultPlan `json:"default_plan,omitempty"`
	Scale   *Scale       `json:"scale,omitempty"`
	Sweeps  *Sweeps      `json:"sweeps,omitempty"`
	Limits  *Limits      `json:"limits,omitempty"`
	Warm    *Warm        `json:"warm,omitempty"`
	Metrics []Metric     `json:"metrics"`
	Notes   []string     `json:"notes,omitempty"`
}

const schema = "teraplan.bench/v1"

// Machine says where the numbers come from.
type Machine struct {
	Cores     int    `json:"cores"`
	GoVersion string `json:"go"`
	Teraplan  string `json:"teraplan"`
	HiGHS     string `json:"highs"`
	LoadStart string `json:"load_average_start"`
	LoadEnd   string `json:"load_average_end"`
}

// DefaultPlan: the default scenario solved by teraplan and by other
// solvers on its exported MPS file.
type DefaultPlan struct {
	Rounds int          `json:"rounds"`
	MPS    string       `json:"mps"` // size of the exported model
	Tools  []ToolResult `json:"tools"`
	// ObjectivesAgree: every solver's objective within 1e-6 (relative) of
	// teraplan's.
	ObjectivesAgree bool `json:"objectives_agree"`
}

// ToolResult is one process's medians; VsHighs is the median over rounds
// of its time over the highs CLI's in the same round.
type ToolResult struct {
	Key       string   `json:"key"`
	Command   string   `json:"command"`
	MedianS   float64  `json:"median_s"`
	MinS      float64  `json:"min_s"`
	MaxS      float64  `json:"max_s"`
	PeakRSSMB float64  `json:"peak_rss_mb"`
	VsHighs   float64  `json:"vs_highs"`
	Objective *float64 `json:"objective"`
}

// Scale: the model at 15 to 600 periods, lunar module off and on.
type Scale struct {
	Cases []ScaleCase `json:"cases"`
	// BuildFit is build time ≈ intercept + slope × nonzeros, least
	// squares over all cases.
	BuildNsPerNonzero float64 `json:"build_fit_ns_per_nonzero"`
	BuildInterceptMs  float64 `json:"build_fit_intercept_ms"`
	BuildFitR2        float64 `json:"build_fit_r2"`
	// SolveExponent is the slope of log(solve time) against
	// log(nonzeros): 1 is linear growth.
	SolveExponent float64 `json:"solve_exponent"`
	// NoBudget is 200 quarterly periods without the capital budget, the
	// reference for what the budget costs the solver (not in the fits).
	NoBudget *ScaleCase `json:"no_budget,omitempty"`
}

// ScaleCase is one horizon and module set. Build and solve are measured
// in-process (constraints.Build, then lp's Solve: pass to HiGHS, HiGHS,
// read-back); Process and PeakRSS come from whole `teraplan plan`
// processes.
type ScaleCase struct {
	Name          string   `json:"name"`
	Periods       int      `json:"periods"`
	Lunar         bool     `json:"lunar"`
	Set           []string `json:"set"`
	Rows          int      `json:"rows"`
	Cols          int      `json:"cols"`
	Nonzeros      int      `json:"nonzeros"`
	BuildReps     int      `json:"build_reps"`
	Reps          int      `json:"reps"`
	BuildS        float64  `json:"build_median_s"`
	SolveS        float64  `json:"solve_median_s"`
	HighsRunS     float64  `json:"highs_run_median_s"`
	Iterations    int      `json:"simplex_iterations"`
	TotalS        float64  `json:"total_median_s"`
	BuildShare    float64  `json:"build_share"`
	BuildNsPerNnz float64  `json:"build_ns_per_nonzero"`
	AmortNsPerNnz float64  `json:"build_amortised_ns_per_nonzero"`
	ProcessReps   int      `json:"process_reps"`
	ProcessS      float64  `json:"process_median_s"`
	PeakRSSMB     float64  `json:"peak_rss_mb"`
	Objective     float64  `json:"objective"`
}

// Sweeps: the built-in sweep against a loop of processes, workers, memory.
type Sweeps struct {
	Available bool   `json:"available"`
	Skipped   string `json:"skipped,omitempty"`
	Command   string `json:"command,omitempty"`

	SweepRuns int     `json:"sweep_runs,omitempty"`
	SweepS    float64 `json:"sweep_s,omitempty"`
	SweepPerS float64 `json:"sweep_runs_per_s,omitempty"`
	LoopRuns  int     `json:"loop_runs,omitempty"`
	LoopS     float64 `json:"loop_s,omitempty"`
	LoopPerS  float64 `json:"loop_runs_per_s,omitempty"`
	Speedup   float64 `json:"speedup_vs_processes,omitempty"`
	// ThroughputRounds pairs of the sweep and the process loop; Speedup is
	// the median of the per-round ratios, SpeedupMin and SpeedupMax their range.
	ThroughputRounds int     `json:"throughput_rounds,omitempty"`
	SpeedupMin       float64 `json:"speedup_vs_processes_min,omitempty"`
	SpeedupMax       float64 `json:"speedup_vs_processes_max,omitempty"`
	WorkerRuns       int     `json:"worker_runs,omitempty"`
	OneWorkerS       float64 `json:"one_worker_s,omitempty"`
	TwoWorkersS      float64 `json:"two_workers_s,omitempty"`
	TwoVsOne         float64 `json:"two_vs_one_worker,omitempty"`
	WorkerRounds     int     `json:"worker_rounds,omitempty"`
	TwoVsOneMin      float64 `json:"two_vs_one_worker_min,omitempty"`
	TwoVsOneMax      float64 `json:"two_vs_one_worker_max,omitempty"`
	CeilingCmd       string  `json:"two_solves_ceiling_command,omitempty"`
	CeilingSolves    int     `json:"two_solves_ceiling_solves,omitempty"`
	Ceiling          float64 `json:"two_solves_ceiling,omitempty"`
	MemSmallRuns     int     `json:"memory_small_runs,omitempty"`
	MemSmallMB       float64 `json:"memory_small_peak_mb,omitempty"`
	MemLargeRuns     int     `json:"memory_large_runs,omitempty"`
	MemLargeMB       float64 `json:"memory_large_peak_mb,omitempty"`
	MemRatio         float64 `json:"memory_ratio,omitempty"`
	// MemRounds pairs of the small and the large sweep: the peaks are
	// medians, MemRatio the median of the per-round ratios.
	MemRounds      int     `json:"memory_rounds,omitempty"`
	MemRatioMin    float64 `json:"memory_ratio_min,omitempty"`
	MemRatioMax    float64 `json:"memory_ratio_max,omitempty"`
	WorkersSkipped string  `json:"workers_skipped,omitempty"`
}

// Limits: one year with its re-solves, and the whole timeline.
type Limits struct {
	Rounds         int     `json:"rounds"`
	PlanS          float64 `json:"plan_median_s"`
	YearS          float64 `json:"year_median_s"`
	TimelineS      float64 `json:"timeline_median_s"`
	YearLimits     int     `json:"year_limits"`
	YearSolves     int     `json:"year_solves"`
	TimelineYears  int     `json:"timeline_years"`
	YearVsPlan     float64 `json:"year_vs_plan"`
	TimelineVsYear float64 `json:"timeline_vs_year"`
	YearCmd        string  `json:"year_command"`
	TimelineCmd    string  `json:"timeline_command"`
}

// Metric is a ratio or a value with a target. Tol > 0 makes bench-check
// compare it with the recorded value: a regression is a value more than
// Tol worse (lower-is-better: above recorded × (1+Tol); higher-is-better:
// below recorded ÷ (1+Tol)). Absolute times have Tol 0: machines differ.
type Metric struct {
	Name   string  `json:"name"`
	Desc   string  `json:"desc"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Better string  `json:"better"` // "lower" or "higher"
	Tol    float64 `json:"tolerance"`
	Target *Target `json:"target,omitempty"`
}

// Target is a stated performance target.
type Target struct {
	Op     string  `json:"op"` // "<=" or ">=" or "<"
	Limit  float64 `json:"limit"`
	Source string  `json:"source"`
	Met    bool    `json:"met"`
}

func (t *Target) check(v float64) bool {
	switch t.Op {
	case "<":
		return v < t.Limit
	case "<=":
		return v <= t.Limit
	case ">=":
		return v >= t.Limit
	}
	return false
}

func (r *Results) metric(m Metric) {
	if m.Target != nil {
		m.Target.Met = m.Target.check(m.Value)
	}
	r.Metrics = append(r.Metrics, m)
}
