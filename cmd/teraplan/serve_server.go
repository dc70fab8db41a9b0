package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

//go:embed serve_assets
var serveAssets embed.FS

// contentSecurityPolicy lets the page load its own script and style and
// talk to its own server, and nothing else: no other origin, no inline
// script, no frames, no form posts.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// maxPeriods bounds the horizon a request may set (horizon.* with set=):
// 2026–2075 by quarters is 200 periods.
const maxPeriods = 400

type serverConfig struct {
	Scenarios      []string // built-in names or files, as given with --scenario
	Workers        int
	Queue          int
	RequestTimeout time.Duration
	QueueWait      time.Duration // longest wait for a worker (0 = RequestTimeout)
	CacheBytes     int
	Public         bool // accept any Host header (the server listens beyond loopback)
	Cold           bool // solve plans from scratch, as the CLI, not from the base's basis
}

// server answers the page and the API. Everything a request can name is
// decided at start: the scenarios are loaded once, so no request reads a
// file.
type server struct {
	ctx       context.Context // cancelled on shutdown: stops solves in progress
	app       *App
	cfg       serverConfig
	scenarios map[string]*scenario.Scenario
	order     []string // the names as listed, default first
	pool      *solvePool
	cache     *docCache
	anchors   anchors      // warm starts for plans
	computed  atomic.Int64 // documents computed (not from the cache), for tests
	// warmSolves counts plans solved from an anchor's basis, for tests.
	warmSolves atomic.Int64
}

func newServer(ctx context.Context, app *App, cfg serverConfig) (*server, error) {
	s := &server{ctx: ctx, app: app, cfg: cfg, scenarios: map[string]*scenario.Scenario{}}
	names := append(append([]string(nil), cfg.Scenarios...), scenario.Default)
	names = append(names, scenario.Builtins()...)
	for _, name := range names {
		if _, ok := s.scenarios[name]; ok {
			continue
		}
		sc, err := scenario.Load(name)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		s.scenarios[name] = sc
		s.order = append(s.order, name)
	}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 20 * time.Second
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = 64 << 20
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = cfg.RequestTimeout
	}
	s.cfg = cfg
	s.pool = newSolvePool(cfg.Workers, cfg.Queue, cfg.QueueWait)
	s.cache = newDocCache(cfg.CacheBytes)
	return s, nil
}

func (s *server) close() {
	s.pool.close()
	s.anchors.close()
}

func (s *server) scenarioList() string { return strings.Join(s.order, ", ") }

// httpServer wraps the handler with the timeouts and size limits of a
// server facing a browser: headers are small, nothing is uploaded.
func (s *server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.cfg.QueueWait + s.cfg.RequestTimeout + 30*time.Second, // a wait in the queue, then the solve
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    maxQueryBytes + 16<<10,
	}
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.page)
	mux.HandleFunc("/assets/", s.asset)
	mux.HandleFunc("/api/plan", s.api(kindPlan))
	mux.HandleFunc("/api/limits", s.api(kindLimits))
	mux.HandleFunc("/api/timeline", s.api(kindTimeline))
	mux.HandleFunc("/api/claims", s.api(kindClaims))
	mux.HandleFunc("/api/params", s.params)
	mux.HandleFunc("/download/scenario.yaml", s.scenarioYAML)
	return s.guard(mux)
}

// guard applies to every request: GET and HEAD only, no body, a Host that
// names this machine unless --public (so a page elsewhere cannot reach the
// server through DNS rebinding), and the security headers.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			s.fail(w, http.StatusMethodNotAllowed, usageErrorf("%s not allowed: the server only answers GET", r.Method))
			return
		}
		if r.ContentLength > 0 {
			s.fail(w, http.StatusRequestEntityTooLarge, usageErrorf("requests carry no body"))
			return
		}
		if !s.cfg.Public {
			host, _, err := net.SplitHostPort(r.Host)
			if err != nil {
				host = r.Host
			}
			if !isLoopbackHost(strings.Trim(host, "[]")) {
				s.fail(w, http.StatusForbidden, usageErrorf("host %q is not this machine", r.Host))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) page(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		s.fail(w, http.StatusNotFound, usageErrorf("no page %s", r.URL.Path))
		return
	}
	s.serveAsset(w, "index.html", "text/html; charset=utf-8")
}

func (s *server) asset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	types := map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
	ct, ok := types[name]
	if !ok {
		s.fail(w, http.StatusNotFound, usageErrorf("no asset %s", name))
		return
	}
	s.serveAsset(w, name, ct)
}

func (s *server) serveAsset(w http.ResponseWriter, name, contentType string) {
	b, err := serveAssets.ReadFile("serve_assets/" + name)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// api answers one of the CLI's documents. The query is decoded into the
// flags the CLI would have parsed, the document computed on a worker (or
// taken from the cache) and written exactly as --format json or csv
// writes it.
func (s *server) api(kind apiKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := decodeQuery(kind, r.URL.RawQuery)
		if err != nil {
			s.fail(w, http.StatusBadRequest, err)
			return
		}
		base, err := s.scenario(q.Scenario)
		if err != nil {
			s.fail(w, http.StatusBadRequest, err)
			return
		}
		body, err := s.document(r.Context(), q, base)
		if err != nil {
			s.failSolve(w, r, err)
			return
		}
		if q.Format == FormatCSV {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	}
}

// scenario returns the loaded scenario a request names ("" = the default).
func (s *server) scenario(name string) (*scenario.Scenario, error) {
	if name == "" {
		name = s.order[0]
	}
	sc, ok := s.scenarios[name]
	if !ok {
		return nil, usageErrorf("scenario=%q is not served (serving %s; start teraplan serve with --scenario FILE to add one)", name, s.scenarioList())
	}
	return sc, nil
}

// document returns q's document from the cache, or computes it on a
// worker. Identical requests in flight share one computation.
func (s *server) document(ctx context.Context, q apiQuery, base *scenario.Scenario) ([]byte, error) {
	if q.Scenario == "" {
		q.Scenario = s.order[0]
	}
	return s.cache.get(ctx, q.key(), func() ([]byte, error) {
		job := &solveJob{ctx: ctx, analysis: q.Kind != kindPlan,
			run: func(wk *solveWorker) ([]byte, error) { return s.compute(wk, q, base) }}
		if err := s.pool.submit(job); err != nil {
			return nil, err
		}
		res := <-job.done
		return res.body, res.err
	})
}

// compute builds q's document on worker wk: the same steps as the CLI's
// plan, limits and claims commands, from the same options.
func (s *server) compute(_ *solveWorker, q apiQuery, base *scenario.Scenario) ([]byte, error) {
	s.computed.Add(1)
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.RequestTimeout)
	defer cancel()
	sc, err := applySets(base, q.Sets)
	if err != nil {
		return nil, err
	}
	flags := scenarioFlags{Scenario: q.Scenario, Sets: q.Sets, Mode: q.Mode, Year: q.Year, MIP: q.MIP, Region: q.Region}
	if q.Kind != kindPlan {
		flags.Mode, flags.Year = "min-cost", 0 // limits' --year is its own
	}
	po, err := flags.options()
	if err != nil {
		return nil, err
	}
	if q.Year != 0 {
		if err := checkYear(sc, q.Year, "year="); err != nil {
			return nil, err
		}
	}
	if err := checkRegion(sc, q.Region, "region="); err != nil {
		return nil, err
	}
	in := plans.FromScenario(sc)
	in.Name = runName(sc.Name, q.Sets) // as the CLI names a run
	v := s.app.versions()
	lo := plans.LimitsOptions{MIP: po.MIP, Solver: po.Solver, Region: po.Region}
	var view Renderable
	switch q.Kind {
	case kindPlan:
		res, err := s.solvePlan(ctx, q, base, sc, in, po)
		if err != nil {
			return nil, solveErr(err)
		}
		view = planView{res.Brief(v), res}
	case kindLimits:
		rep, err := plans.Limits(ctx, in, q.Year, lo, v)
		if err != nil {
			return nil, solveErr(err)
		}
		view = limitsView{rep, 12, in.Values.At("horizon.step_years", 0)}
	case kindTimeline:
		from, to := math.Inf(-1), math.Inf(1)
		if q.Years != "" {
			if from, to, err = parseYears(q.Years); err != nil {
				return nil, err
			}
		}
		top := q.Top
		if top == 0 {
			top = 3
		}
		tl, err := plans.BuildTimeline(ctx, in, from, to, top, top, lo, v)
		if err != nil {
			return nil, solveErr(err)
		}
		if len(tl.Years) == 0 {
			return nil, usageErrorf("years=%s selects no period of the horizon %v-%v", q.Years,
				in.Values.At("horizon.start_year", 0), in.Values.At("horizon.end_year", 0))
		}
		view = timelineView{tl, timelineName(in.Name, po.Region), in.Values.At("horizon.step_years", 0)}
	case kindClaims:
		rep, err := plans.Claims(ctx, in, po, v)
		if err != nil {
			return nil, solveErr(err)
		}
		view = claimsView{rep}
	default:
		return nil, fmt.Errorf("serve: unknown kind %q", q.Kind)
	}
	return renderBytes(q.Format, view)
}

// solvePlan solves a min-cost plan request warm, from the optimal basis
// of its base scenario's min-cost plan (anchors). The rest is solved cold,
// as the CLI solves it: everything under --cold; a MIP; a base with no
// plan; and max-compute, whose
// cost and TieBreakPrice terms are scaled by 10⁻⁶ below the compute it
// maximises, under the solver's optimality tolerance, so that a warm
// start can end at another plan of the same compute (other start rates);
// and a scenario with regions, where shipping HBM or accelerators to a
// region from one or another exporter can cost the same (10⁻⁶ per unit
// shipped either way), so that a warm start can end at another routing.
func (s *server) solvePlan(ctx context.Context, q apiQuery, base, sc *scenario.Scenario, in plans.Input, po plans.Options) (*plans.Result, error) {
	if s.cfg.Cold || po.MIP || po.Cold || po.Mode != constraints.MinCost || len(base.Regions) > 0 {
		return plans.Solve(ctx, in, po)
	}
	key := fmt.Sprintf("%s|%v|%v", q.Scenario, po.Metric, po.Learning)
	anchorScenario := base
	if param, rung, ok := anchorRung(base, sc, q.Sets); ok {
		if rs := base.Clone(); rs.Scale(param, rung) == nil {
			key += fmt.Sprintf("|%s×%.6g", param, rung)
			anchorScenario = rs
		}
	}
	sv, err := s.anchors.solver(ctx, key, func(ctx context.Context, sv *plans.Solver) error {
		_, err := sv.Solve(ctx, plans.FromScenario(anchorScenario), po)
		return err
	})
	if err != nil {
		return nil, err
	}
	if sv == nil {
		return plans.Solve(ctx, in, po)
	}
	defer sv.Close()
	res, err := sv.Solve(ctx, in, po)
	if err == nil && res.Solution.Warm {
		s.warmSolves.Add(1)
	}
	return res, err
}

// anchorRung picks, for a request (sets, which make sc of base) that
// moves one parameter, the rung of a ladder of factors 2^(k/2) (…, 0.5,
// 0.71, 1, 1.41, 2, …) nearest to the factor the request scales it by, so that a slider dragged across its
// range starts each solve from an optimum near the answer rather than from
// the base's: a base basis is a few pivots from a small move but hundreds
// from a payload three times the base's. The rung depends only on the
// request, so the answer still does. ok is false for anything else — no
// or several overrides, a trajectory reshaped rather than scaled, a
// factor within the base's own rung — and the base anchors it.
func anchorRung(base, sc *scenario.Scenario, sets []string) (param string, rung float64, ok bool) {
	if len(sets) != 1 {
		return "", 0, false
	}
	param, _, _ = strings.Cut(sets[0], "=")
	param = strings.TrimSpace(param)
	from, to := base.Params[param], sc.Params[param]
	if from == nil || to == nil || len(from.Value.Values) != len(to.Value.Values) || len(from.Value.Values) == 0 {
		return "", 0, false
	}
	f := 0.0
	for i, v := range from.Value.Values {
		w := to.Value.Values[i]
		if v <= 0 || w <= 0 || from.Value.Years[i] != to.Value.Years[i] {
			return "", 0, false
		}
		if i == 0 {
			f = w / v
		} else if math.Abs(w/v-f) > 1e-9*f {
			return "", 0, false
		}
	}
	k := math.Round(2 * math.Log2(f))
	if k == 0 {
		return "", 0, false
	}
	return param, math.Pow(2, k/2), true
}

// applySets returns a copy of base with the overrides applied, as --set
// does, and refuses a horizon too long to serve.
func applySets(base *scenario.Scenario, sets []string) (*scenario.Scenario, error) {
	sc := base.Clone()
	if len(sets) > 0 {
		if err := sc.Set(sets...); err != nil {
			return nil, &UsageError{Err: err}
		}
	}
	if n := len(sc.Years()); n > maxPeriods {
		return nil, usageErrorf("the horizon has %d periods; teraplan serve solves at most %d (use the CLI for longer ones)", n, maxPeriods)
	}
	return sc, nil
}

// renderBytes writes v as --format json or csv would.
func renderBytes(f Format, v Renderable) ([]byte, error) {
	var b bytes.Buffer
	if f == FormatCSV {
		if err := csv.NewWriter(&b).WriteAll(v.CSV()); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	if err := writeJSON(&b, v.JSON()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// failSolve answers a failed computation: the client's own mistake is 400,
// a scenario without a plan 422, a full queue or an overlong solve 503
// (with Retry-After), anything else 500. A client that has gone gets
// nothing.
func (s *server) failSolve(w http.ResponseWriter, r *http.Request, err error) {
	var usage *UsageError
	var noPlan *NoPlanError
	switch {
	case r.Context().Err() != nil:
		return
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "1")
		s.failKind(w, http.StatusServiceUnavailable, ExitInternal, "busy", err)
	case errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", "5")
		s.failKind(w, http.StatusServiceUnavailable, ExitInternal, "timeout",
			fmt.Errorf("the solve took longer than the server's --request-timeout %v", s.cfg.RequestTimeout))
	case errors.As(err, &usage):
		s.fail(w, http.StatusBadRequest, err)
	case errors.As(err, &noPlan):
		s.fail(w, http.StatusUnprocessableEntity, err)
	case errors.Is(err, context.Canceled):
		s.failKind(w, http.StatusServiceUnavailable, ExitInterrupted, "interrupted", errors.New("the server is shutting down"))
	default:
		s.fail(w, http.StatusInternalServerError, err)
	}
}

// fail writes the CLI's JSON error envelope with the code and kind the
// CLI would exit with.
func (s *server) fail(w http.ResponseWriter, status int, err error) {
	code := exitCode(err)
	s.failKind(w, status, code, code.Kind(), err)
}

func (s *server) failKind(w http.ResponseWriter, status int, code ExitCode, kind string, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = writeJSON(w, errorEnvelope{errorBody{Code: int(code), Kind: kind, Message: userMessage(err.Error())}})
}

// paramInfo is one control of the page.
type paramInfo struct {
	Key        string    `json:"key"`
	Module     string    `json:"module"`
	Unit       string    `json:"unit"`
	Doc        string    `json:"doc"`
	Min        float64   `json:"min"`
	Max        float64   `json:"max"`
	Years      []float64 `json:"years"`  // the trajectory's points (canonical unit)
	Values     []float64 `json:"values"` // one point: a constant
	Source     string    `json:"source"`
	Confidence string    `json:"confidence"`
	Lever      bool      `json:"lever"`
	// ByRegion, in a scenario with regions, is the value each region
	// sees (key@region if the scenario sets it, else its share of the
	// world value for an extensive key, else the world value): the value
	// a control starts from when it edits key@region.
	ByRegion map[string]regionValue `json:"by_region,omitempty"`
}

// regionValue is one region's value of a parameter.
type regionValue struct {
	Years  []float64 `json:"years"`
	Values []float64 `json:"values"`
	// Scoped says the scenario sets key@region itself.
	Scoped bool `json:"scoped"`
}

type moduleInfo struct {
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	Lever   bool   `json:"lever"`
}

type paramsDoc struct {
	Scenario  string       `json:"scenario"`
	Scenarios []string     `json:"scenarios"`
	Years     []float64    `json:"years"`
	Regions   []string     `json:"regions"` // [] without regions
	Params    []paramInfo  `json:"params"`
	Modules   []moduleInfo `json:"modules"`
	Limits    apiLimits    `json:"limits"`
}

type apiLimits struct {
	MaxSets       int `json:"max_sets"`
	MaxQueryBytes int `json:"max_query_bytes"`
}

// leverKeys and leverPrefixes say which parameters are levers — what a
// builder decides: how much compute and how many robots to aim for, what
// missing them is worth, how much to spend, how much of the foundry to
// book and at what discount rate to judge it, and whether to build on the
// Moon. Everything else is an assumption about the world (prices, rates,
// physics, lead times), the horizon is not a control at all (it changes
// the question, not the answer), and switching a module other than lunar
// off is an assumption too: "what if power were no limit".
var (
	leverPrefixes = []string{"target.", "budget."}
	leverKeys     = []string{"chips.take_or_pay_share", "cost.discount_rate"}
	leverModules  = []string{"lunar"}
)

func isLever(key string) bool {
	for _, p := range leverPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return containsString(leverKeys, key)
}

// params describes a scenario's controls for the page: every registry
// parameter but the horizon, with unit, range, value and source, and the
// module switches.
func (s *server) params(w http.ResponseWriter, r *http.Request) {
	vals := r.URL.Query()
	for k := range vals {
		if k != "scenario" {
			s.fail(w, http.StatusBadRequest, usageErrorf("unknown parameter %q for /api/params (takes scenario)", k))
			return
		}
	}
	sc, err := s.scenario(vals.Get("scenario"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	name := vals.Get("scenario")
	if name == "" {
		name = s.order[0]
	}
	doc := paramsDoc{Scenario: name, Scenarios: s.order, Years: sc.Years(), Regions: append([]string{}, sc.Regions...),
		Params: []paramInfo{}, Modules: []moduleInfo{}, Limits: apiLimits{MaxSets: maxSets, MaxQueryBytes: maxQueryBytes}}
	values := sc.Values()
	seen := map[string]constraints.Values{}
	for _, r := range sc.Regions {
		seen[r] = values.ForRegion(r)
	}
	for _, reg := range constraints.Params() {
		if reg.Module == "horizon" {
			continue
		}
		p := sc.Params[reg.Key]
		if p == nil {
			continue
		}
		info := paramInfo{Key: reg.Key, Module: reg.Module, Unit: reg.Unit, Doc: reg.Doc,
			Min: reg.Min, Max: finiteOr(reg.Max, math.MaxFloat64), Years: p.Value.Years, Values: p.Value.Values,
			Source: p.Source, Confidence: p.Confidence, Lever: isLever(reg.Key)}
		for _, r := range sc.Regions {
			if info.ByRegion == nil {
				info.ByRegion = map[string]regionValue{}
			}
			t := seen[r].Params[reg.Key]
			_, scoped := sc.Params[constraints.RegionKey(reg.Key, r)]
			info.ByRegion[r] = regionValue{Years: t.Years, Values: t.Values, Scoped: scoped}
		}
		doc.Params = append(doc.Params, info)
	}
	mods := sc.Values().Modules
	for _, m := range constraints.Modules() {
		doc.Modules = append(doc.Modules, moduleInfo{Name: m, Enabled: mods[m], Lever: containsString(leverModules, m)})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = writeJSON(w, doc)
}

func finiteOr(x, alt float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return alt
	}
	return x
}

// scenarioYAML answers the page's "download scenario": a YAML file that
// extends the served scenario with the request's overrides, which
// `teraplan plan --scenario FILE` accepts.
func (s *server) scenarioYAML(w http.ResponseWriter, r *http.Request) {
	q, err := decodeQuery(kindClaims, r.URL.RawQuery) // scenario and set only (format is ignored)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	base, err := s.scenario(q.Scenario)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	if _, err := applySets(base, q.Sets); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	name := q.Scenario
	if name == "" {
		name = s.order[0]
	}
	body, err := overridesYAML(name, base, q.Sets)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(base.Name)+`-custom.yaml"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "scenario"
	}
	return b.String()
}

// formatFloat writes a number so that YAML reads it back exactly.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
