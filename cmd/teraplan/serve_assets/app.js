// teraplan serve: controls, charts drawn as SVG, and the API calls behind
// them. No library; every request goes to this page's own server.
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const state = { scenario: "", region: "", sets: new Map(), year: 0, info: null, changed: "" };
  const base = { plan: null, timeline: null, claims: null, limits: null };
  const cur = { plan: null, timeline: null, claims: null, limits: null };
  const ctls = new Map(); // key -> {el, err, setFrom(raw), base}
  const inflight = {}; // name -> AbortController
  // Slider-to-chart latencies in ms, read by the browser benchmark.
  const perf = (window.teraplanPerf = { latencies: [], draws: 0, errors: 0 });

  // ---------- URL state ----------
  function readURL() {
    const q = new URLSearchParams(location.search);
    state.scenario = q.get("scenario") || "";
    state.year = Number(q.get("year")) || 0;
    state.region = q.get("region") || "";
    state.sets = new Map();
    for (const s of q.getAll("set")) {
      const i = s.indexOf("=");
      if (i > 0) state.sets.set(s.slice(0, i), s.slice(i + 1));
    }
  }
  function query(withYear) {
    const q = new URLSearchParams();
    if (state.scenario) q.set("scenario", state.scenario);
    for (const k of [...state.sets.keys()].sort()) q.append("set", k + "=" + state.sets.get(k));
    if (withYear && state.year) q.set("year", String(state.year));
    return q;
  }
  function baseQuery() {
    const q = new URLSearchParams();
    if (state.scenario) q.set("scenario", state.scenario);
    return q;
  }
  // withRegion adds the picked region to a plan, limits or timeline
  // query (as --region R); claims, params and the scenario file take none.
  function withRegion(q) {
    if (state.region) q.set("region", state.region);
    return q;
  }
  function writeURL() {
    const s = withRegion(query(true)).toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
    const q = query(false).toString();
    $("dl-yaml").href = "/download/scenario.yaml" + (q ? "?" + q : "");
    const pq = withRegion(query(false)).toString();
    $("dl-json").href = "/api/plan" + (pq ? "?" + pq : "");
    $("dl-csv").href = "/api/plan?" + (pq ? pq + "&" : "") + "format=csv";
  }

  // ---------- fetching ----------
  async function getJSON(name, path) {
    if (inflight[name]) inflight[name].abort();
    const ac = new AbortController();
    inflight[name] = ac;
    const r = await fetch(path, { signal: ac.signal });
    const body = await r.json();
    if (inflight[name] !== ac) {
      // A newer request of the same name started meanwhile: this answer is stale.
      const e = new Error("superseded");
      e.name = "AbortError";
      throw e;
    }
    delete inflight[name];
    if (!r.ok) {
      const e = new Error((body.error && body.error.message) || "HTTP " + r.status);
      e.status = r.status;
      throw e;
    }
    return body;
  }
  const aborted = (e) => e && e.name === "AbortError";

  // ---------- number formatting ----------
  function fmt(x) {
    if (x === undefined || x === null || !isFinite(x)) return "–";
    const a = Math.abs(x);
    if (a >= 1e15) return x.toExponential(2);
    if (a >= 1e12) return (x / 1e12).toPrecision(3) + "T";
    if (a >= 1e9) return (x / 1e9).toPrecision(3) + "G";
    if (a >= 1e6) return (x / 1e6).toPrecision(3) + "M";
    if (a >= 1e4) return (x / 1e3).toPrecision(3) + "k";
    if (a >= 100) return x.toFixed(0);
    if (a === 0) return "0";
    return Number(x.toPrecision(3)).toString();
  }
  const num = (x) => Number(Number(x).toPrecision(6)).toString();

  // ---------- controls ----------
  // A constant's slider moves over [value/10, value*10] on a log scale
  // (clamped to the registry's range), a share over its whole range, a
  // calendar year by whole years; a trajectory is scaled as a whole by a
  // factor ×0.1–×10. The number box takes any value the registry allows.
  function sliderFor(p, startYear, endYear) {
    const v = p.values.length === 1 ? p.values[0] : 1;
    if (p.values.length > 1) return { lo: 0.1, hi: 10, log: true, step: "any", value: 1, factor: true };
    if (p.unit === "year") return { lo: Math.max(p.min, startYear), hi: Math.min(p.max, endYear + 10), log: false, step: 1, value: v };
    if (p.max <= 1 && p.min >= 0) return { lo: p.min, hi: p.max, log: false, step: "any", value: v };
    if (v > 0) return { lo: Math.max(p.min, v / 10), hi: Math.min(p.max, v * 10), log: true, step: "any", value: v };
    return { lo: p.min, hi: Math.min(p.max, Math.max(p.min + 1, 100)), log: false, step: "any", value: v };
  }
  const toPos = (s, v) => {
    if (s.log && s.lo > 0) return (1000 * Math.log(v / s.lo)) / Math.log(s.hi / s.lo);
    return (1000 * (v - s.lo)) / (s.hi - s.lo || 1);
  };
  const fromPos = (s, pos) => {
    let v = s.log && s.lo > 0 ? s.lo * Math.pow(s.hi / s.lo, pos / 1000) : s.lo + ((s.hi - s.lo) * pos) / 1000;
    if (s.step === 1) v = Math.round(v);
    return Number(v.toPrecision(4));
  };
  function trajectoryString(p, f) {
    return p.years.map((y, i) => num(y) + ":" + num(p.values[i] * f)).join(",");
  }

  // regionParam is the control of p for the picked region: it edits
  // key@region, starting from the value the region sees (its own, or its
  // share of the world value, or the world value).
  function regionParam(p) {
    const r = state.region;
    const v = r && p.by_region && p.by_region[r];
    if (!v) return p;
    return Object.assign({}, p, { key: p.key + "@" + r, bare: p.key, region: r, scoped: v.scoped, years: v.years, values: v.values });
  }

  function buildControls(info) {
    const lev = $("levers"), ass = $("assumptions");
    const open = new Set([...document.querySelectorAll("#controls details[open]")].map((d) => d.id));
    lev.textContent = "";
    ass.textContent = "";
    ctls.clear();
    const hint = $("region-hint");
    hint.hidden = !state.region;
    hint.textContent = state.region
      ? "Region " + state.region + " picked: each slider sets " + state.region + "'s own value (key@" + state.region +
        "), starting from what it has now; module switches apply to every region. Pick \"world (total)\" to set the world values."
      : "";
    const years = info.years;
    const byModule = new Map();
    for (const p0 of info.params) {
      const p = regionParam(p0);
      const grp = p.lever ? "lever" : "assumption";
      const k = grp + ":" + p.module;
      if (!byModule.has(k)) byModule.set(k, []);
      byModule.get(k).push(p);
    }
    const modules = [...byModule.keys()].sort();
    for (const k of modules) {
      const [grp, mod] = k.split(":");
      let box;
      if (grp === "lever") {
        box = document.createElement("div");
        const h = document.createElement("div");
        h.className = "module-name";
        h.textContent = mod;
        box.appendChild(h);
        lev.appendChild(box);
      } else {
        box = document.createElement("details");
        box.id = "module-" + mod;
        const s = document.createElement("summary");
        s.textContent = mod + " (" + byModule.get(k).length + ")";
        box.appendChild(s);
        ass.appendChild(box);
      }
      for (const p of byModule.get(k)) box.appendChild(paramControl(p, years[0], years[years.length - 1]));
    }
    const mods = document.createElement("details");
    mods.id = "module-switches";
    const s = document.createElement("summary");
    s.textContent = "modules (switch a limit off)";
    mods.appendChild(s);
    for (const m of info.modules) {
      const el = moduleControl(m);
      if (m.lever) lev.appendChild(el);
      else mods.appendChild(el);
    }
    ass.appendChild(mods);
    for (const id of open) {
      const d = document.getElementById(id);
      if (d) d.open = true;
    }
    // A control set in the URL opens its group so it can be seen.
    for (const key of state.sets.keys()) {
      const c = ctls.get(key);
      if (c) {
        c.setFrom(state.sets.get(key));
        const d = c.el.closest("details");
        if (d) d.open = true;
      }
    }
  }

  function paramControl(p, startYear, endYear) {
    const wrap = document.createElement("div");
    wrap.className = "ctl";
    const id = "p-" + p.key.replace(/[^a-z0-9]/gi, "-");
    wrap.id = "ctl-" + (p.bare || p.key);
    wrap.dataset.key = p.key;
    const sl = sliderFor(p, startYear, endYear);
    const label = document.createElement("label");
    label.htmlFor = id;
    const key = document.createElement("span");
    key.className = "key";
    key.textContent = p.key;
    const doc = document.createElement("span");
    doc.className = "doc";
    doc.textContent = " — " + p.doc;
    label.append(key, doc);
    const row = document.createElement("div");
    row.className = "row";
    const range = document.createElement("input");
    range.type = "range";
    range.id = id;
    range.min = "0";
    range.max = "1000";
    range.step = sl.step === 1 ? String(1000 / Math.max(1, sl.hi - sl.lo)) : "1";
    range.value = String(toPos(sl, sl.value));
    // A zero with no natural scale (a budget of 0 = none) gets the box only.
    range.hidden = !sl.factor && sl.value === 0 && p.max > 1 && p.unit !== "year";
    const box = document.createElement("input");
    box.type = "number";
    box.step = "any";
    box.value = num(sl.value);
    box.setAttribute("aria-label", p.key + (sl.factor ? " (factor on the trajectory)" : " in " + p.unit));
    if (!sl.factor) {
      box.min = String(p.min);
      if (p.max < 1e300) box.max = String(p.max);
    }
    const unit = document.createElement("span");
    unit.className = "unit";
    unit.textContent = sl.factor ? "× " + p.unit : p.unit;
    row.append(range, box, unit);
    const rng = document.createElement("div");
    rng.className = "range";
    rng.textContent = sl.factor
      ? "trajectory " + p.years.map((y, i) => y + ": " + fmt(p.values[i])).join(", ") + " " + p.unit + "; allowed " + fmt(p.min) + "–" + fmt(p.max)
      : "allowed " + fmt(p.min) + "–" + fmt(p.max) + " " + p.unit + "; scenario " + fmt(sl.value) +
        (p.region ? (p.scoped ? " (set for " + p.region + ")" : " (" + p.region + "'s part of the world value)") : " (" + p.confidence + ")");
    rng.title = p.source;
    const err = document.createElement("span");
    err.className = "err";
    err.setAttribute("role", "alert");
    wrap.append(label, row, rng, err);
    const raw = (v) => (sl.factor ? trajectoryString(p, v) : num(v));
    const apply = (v) => {
      if (v === sl.value) state.sets.delete(p.key);
      else state.sets.set(p.key, raw(v));
      wrap.classList.toggle("changed", state.sets.has(p.key));
      changed(p.key);
    };
    range.addEventListener("input", () => {
      perf.t0 = performance.now();
      const v = fromPos(sl, Number(range.value));
      box.value = num(v);
      apply(v);
    });
    box.addEventListener("change", () => {
      perf.t0 = performance.now();
      const v = Number(box.value);
      if (box.value === "" || !isFinite(v)) return;
      range.value = String(toPos(sl, v));
      apply(v);
    });
    ctls.set(p.key, {
      el: wrap,
      err,
      setFrom(rawValue) {
        let v = Number(rawValue);
        if (sl.factor) {
          const pts = rawValue.split(",").map((x) => Number(x.split(":")[1]));
          v = pts.length === p.values.length && p.values[0] ? pts[0] / p.values[0] : NaN;
        }
        if (isFinite(v)) {
          box.value = num(v);
          range.value = String(toPos(sl, v));
        } else {
          err.textContent = "set to " + rawValue;
        }
        wrap.classList.add("changed");
      },
      reset() {
        box.value = num(sl.value);
        range.value = String(toPos(sl, sl.value));
        wrap.classList.remove("changed", "failed");
        err.textContent = "";
      },
    });
    return wrap;
  }

  function moduleControl(m) {
    const key = "modules." + m.name;
    const wrap = document.createElement("div");
    wrap.className = "ctl";
    wrap.id = "ctl-" + key;
    const label = document.createElement("label");
    const cb = document.createElement("input");
    cb.type = "checkbox";
    cb.checked = m.enabled;
    const t = document.createElement("span");
    t.className = "key";
    t.textContent = " " + key + (m.lever ? " (build it)" : " (modelled as a limit)");
    label.append(cb, t);
    const err = document.createElement("span");
    err.className = "err";
    err.setAttribute("role", "alert");
    wrap.append(label, err);
    cb.addEventListener("change", () => {
      perf.t0 = performance.now();
      if (cb.checked === m.enabled) state.sets.delete(key);
      else state.sets.set(key, String(cb.checked));
      wrap.classList.toggle("changed", state.sets.has(key));
      changed(key);
    });
    ctls.set(key, {
      el: wrap,
      err,
      setFrom(raw) {
        cb.checked = raw === "true";
        wrap.classList.add("changed");
      },
      reset() {
        cb.checked = m.enabled;
        wrap.classList.remove("changed", "failed");
        err.textContent = "";
      },
    });
    return wrap;
  }

  // ---------- updates ----------
  let analysisTimer = 0;
  function changed(key) {
    state.changed = key;
    writeURL();
    refreshPlan();
    clearTimeout(analysisTimer);
    analysisTimer = setTimeout(refreshAnalysis, 250);
  }

  function setStatus(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  // showError puts a failed solve's message beside the control it names
  // (or the one just moved) and keeps the last good charts, greyed.
  function showError(e) {
    for (const c of ctls.values()) {
      c.err.textContent = "";
      c.el.classList.remove("failed");
    }
    if (!e) return;
    let target = null;
    for (const [key, c] of ctls) {
      if (state.sets.has(key) && e.message.includes(key)) target = c;
    }
    if (!target) target = ctls.get(state.changed);
    if (target) {
      target.err.textContent = e.message;
      target.el.classList.add("failed");
    }
    setStatus(target ? "this setting has no answer: see the marked control" : e.message, true);
  }

  let retryTimer = 0;
  async function refreshPlan() {
    clearTimeout(retryTimer);
    const t0 = perf.t0;
    try {
      const plan = await getJSON("plan", "/api/plan?" + withRegion(query(false)));
      cur.plan = plan;
      showError(null);
      document.body.classList.remove("stale");
      drawPlan();
      setStatus("solved: " + plan.status + ", objective " + fmt(plan.objective) + " " + plan.objective_unit);
      requestAnimationFrame(() => {
        if (t0 !== undefined) perf.latencies.push(performance.now() - t0);
        perf.draws++;
        document.body.dataset.draws = String(perf.draws);
      });
    } catch (e) {
      if (aborted(e)) return;
      if (e.status === 503) {
        // The server is busy (or the solve timed out): ask again shortly.
        setStatus("server busy: trying again…", true);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(refreshPlan, 1000);
        return;
      }
      perf.errors++;
      document.body.dataset.errors = String(perf.errors);
      document.body.classList.add("stale");
      showError(e);
    }
  }

  async function refreshAnalysis() {
    const q = query(false);
    const jobs = [
      getJSON("timeline", "/api/timeline?" + withRegion(query(false))).then((t) => { cur.timeline = t; drawHeat(); }),
      getJSON("claims", "/api/claims?" + q).then((c) => { cur.claims = c; drawClaims(); }),
      refreshLimits(),
    ];
    for (const j of jobs) j.catch((e) => { if (!aborted(e) && e.status !== 400) setStatus(e.message, true); });
    await Promise.allSettled(jobs);
  }

  async function refreshLimits() {
    if (!state.year) return;
    const y = "&year=" + state.year;
    const [b, c] = await Promise.all([
      getJSON("limits-base", "/api/limits?" + withRegion(baseQuery()) + y),
      getJSON("limits", "/api/limits?" + withRegion(query(false)) + y),
    ]);
    base.limits = b;
    cur.limits = c;
    drawLimits();
  }

  // ---------- charts ----------
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  // lineChart draws every series twice: the current plan solid, the
  // baseline dashed; marks are vertical lines (the crossover).
  function lineChart(fig, series, marks, logY) {
    const W = fig.classList.contains("wide") ? 1140 : 560, H = 240, L = 52, R = 22, T = 10, B = 26;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
    const xs = (cur.plan || base.plan).years;
    const x0 = xs[0], x1 = xs[xs.length - 1];
    let ymax = 0, ymin = Infinity;
    for (const s of series) for (const arr of [s.cur, s.base]) for (const v of arr || []) {
      if (isFinite(v)) { ymax = Math.max(ymax, v); if (v > 0) ymin = Math.min(ymin, v); }
    }
    let lo = 0, hi = niceMax(ymax);
    if (logY) { lo = Math.pow(10, Math.floor(Math.log10(ymin === Infinity ? 1 : ymin))); hi = Math.pow(10, Math.ceil(Math.log10(Math.max(ymax, lo * 10)))); }
    const X = (x) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
    const Y = (y) => logY ? T + (1 - Math.log(Math.max(y, lo) / lo) / Math.log(hi / lo)) * (H - T - B) : T + (1 - (y - lo) / (hi - lo)) * (H - T - B);
    const ticks = logY ? [] : [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
    if (logY) for (let v = lo; v <= hi * 1.0001; v *= 10) ticks.push(v);
    for (const t of ticks) {
      el("line", { x1: L, x2: W - R, y1: Y(t), y2: Y(t), class: "grid" }, svg);
      el("text", { x: L - 4, y: Y(t) + 4, "text-anchor": "end" }, svg).textContent = fmt(t);
    }
    const step = Math.max(1, Math.ceil(xs.length / 8));
    xs.forEach((x, i) => {
      if (i % step === 0 || i === xs.length - 1) el("text", { x: X(x), y: H - 8, "text-anchor": "middle" }, svg).textContent = String(x);
    });
    el("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }, svg);
    const path = (arr) => arr.map((v, i) => (i ? "L" : "M") + X(xs[i]).toFixed(1) + " " + Y(isFinite(v) ? v : 0).toFixed(1)).join("");
    for (const s of series) {
      if (s.base) el("path", { d: path(s.base), class: "base " + s.cls }, svg);
      if (s.cur) el("path", { d: path(s.cur), class: "cur " + s.cls, "data-series": s.name }, svg);
    }
    for (const m of marks || []) {
      if (m.x === null || m.x === undefined) continue;
      el("line", { x1: X(m.x), x2: X(m.x), y1: T, y2: H - B, class: "mark " + m.cls }, svg);
      el("text", { x: X(m.x) + 3, y: T + 12 + (m.row || 0) * 13 }, svg).textContent = m.label;
    }
    const last = series.map((s) => s.name + " " + fmt(s.cur ? s.cur[s.cur.length - 1] : NaN) + " in " + x1).join(", ");
    svg.setAttribute("aria-label", fig.querySelector("figcaption").textContent + ": " + last);
    const plot = fig.querySelector(".plot");
    plot.replaceChildren(svg);
    const leg = fig.querySelector(".legend");
    leg.replaceChildren(...series.map((s) => {
      const span = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = "sw " + s.cls;
      span.append(sw, s.name + " " + fmt(s.cur ? s.cur[s.cur.length - 1] : NaN) + (s.base ? " (baseline " + fmt(s.base[s.base.length - 1]) + ")" : ""));
      return span;
    }));
  }

  const col = (plan, f) => (plan ? plan.summary.map((r) => r[f]) : null);
  function crossover(plan) {
    if (!plan) return null;
    for (const l of plan.levelized) if (l.orbit.per_kw_it > 0 && l.orbit.per_kw_it < l.earth.per_kw_it) return l.year;
    return null;
  }

  function drawPlan() {
    const c = cur.plan, b = base.plan;
    if (!c) return;
    const S = (name, cls, f) => ({ name, cls, cur: col(c, f), base: col(b, f) });
    lineChart($("chart-compute"), [S("earth", "s-earth", "earth_gw"), S("orbit", "s-orbit", "orbit_gw"), S("target", "s-target", "target_gw")]);
    lineChart($("chart-power"), [S("grid", "s-grid", "grid_gw"), S("turbines", "s-turb", "turbines_gw"), S("solar (firm)", "s-solar", "solar_firm_gw")]);
    lineChart($("chart-launch"), [S("launches", "s-launch", "launches")]);
    lineChart($("chart-fleet"), [S("ships", "s-ships", "ships"), S("pads", "s-pads", "pads")]);
    const lv = (plan, site) => (plan ? plan.levelized.map((l) => l[site].per_kw_it) : null);
    const cx = crossover(c), bx = crossover(b);
    lineChart($("chart-levelized"),
      [{ name: "Earth", cls: "s-earth", cur: lv(c, "earth"), base: lv(b, "earth") },
       { name: "orbit", cls: "s-orbit", cur: lv(c, "orbit"), base: lv(b, "orbit") }],
      [{ x: cx, label: "orbit cheaper from " + cx, cls: "s-target" }, { x: bx, label: "baseline: from " + bx, cls: "s-pads base-mark", row: 1 }]);
    drawRegions();
    const last = c.summary[c.summary.length - 1];
    const short = c.summary.filter((r) => r.shortfall_gw > 1e-6).map((r) => r.year);
    $("summary").textContent = (c.region ? c.region + " (its own rows; costs are every region's). " : "") + "In " + last.year + ": " + fmt(last.compute_gw) + " GW of AI compute (" + fmt(last.earth_gw) + " on Earth, " +
      fmt(last.orbit_gw) + " in orbit), " + fmt(c.objective) + " " + c.objective_unit + ". " +
      (cx ? "Orbit is cheaper per kW-year from " + cx + "." : "Orbit is never cheaper per kW-year.") + (bx !== cx ? " Baseline: " + (bx ? "from " + bx : "never") + "." : "") +
      (short.length ? " The target is missed in " + short.join(", ") + "." : "");
  }

  // drawRegions shows, for a plan with regions, each region's compute side
  // by side (current solid, baseline dashed) and, in the chosen year, its
  // compute, target, shortfall and top bottleneck.
  function drawRegions() {
    const fig = $("chart-regions");
    const c = cur.plan, b = base.plan;
    const regs = c && c.regions ? c.regions : [];
    fig.hidden = regs.length === 0;
    if (!regs.length) return;
    const byName = new Map((b && b.regions ? b.regions : []).map((r) => [r.region, r]));
    lineChart(fig, regs.map((r, i) => ({
      name: r.region, cls: "s-r" + (i % 6), cur: r.summary.map((x) => x.compute_gw),
      base: byName.has(r.region) ? byName.get(r.region).summary.map((x) => x.compute_gw) : null,
    })));
    const t = c.years.indexOf(state.year) >= 0 ? c.years.indexOf(state.year) : c.years.length - 1;
    $("regions-table").querySelector("caption").textContent = "In " + c.years[t] + " (the year chosen under \"What limits compute\")";
    $("regions-table").querySelector("tbody").replaceChildren(...regs.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.region = r.region;
      if (r.region === state.region) tr.className = "picked";
      const s = r.summary[t];
      const cells = [[r.region, ""], [fmt(s.compute_gw), "n"], [fmt(s.target_gw), "n"], [fmt(s.shortfall_gw), "n"],
        [(r.bottlenecks && r.bottlenecks[t]) || "none binds", ""]];
      for (const [text, cls] of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function heatMap(fig, tl) {
    const plot = fig.querySelector(".plot");
    if (!tl) { plot.textContent = "computing…"; return; }
    const rows = new Map();
    let maxE = 0;
    for (const y of tl.years) for (const l of y.top) {
      if (!rows.has(l.family)) rows.set(l.family, { label: l.label, by: new Map(), peak: 0 });
      const r = rows.get(l.family);
      const v = (r.by.get(y.year) || 0) + l.elasticity;
      r.by.set(y.year, v);
      r.peak = Math.max(r.peak, v);
      maxE = Math.max(maxE, v);
    }
    const order = [...rows.entries()].sort((a, b) => b[1].peak - a[1].peak || (a[0] < b[0] ? -1 : 1));
    const years = tl.years.map((y) => y.year);
    const L = 190, T = 4, cw = 24, ch = 18, W = L + cw * years.length + 4, H = T + ch * order.length + 22;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "bottleneck timeline: " + order.map((o) => o[1].label).join(", ") });
    order.forEach(([fam, r], i) => {
      el("text", { x: L - 4, y: T + i * ch + 13, "text-anchor": "end" }, svg).textContent = r.label.length > 30 ? r.label.slice(0, 29) + "…" : r.label;
      years.forEach((y, j) => {
        const v = r.by.get(y);
        if (v === undefined) return;
        const f = maxE > 0 ? Math.min(1, v / maxE) : 0;
        const light = Math.round(235 - f * 190);
        const cell = el("rect", { x: L + j * cw, y: T + i * ch, width: cw - 1, height: ch - 1, fill: `rgb(${light},${Math.round(light * 0.92)},${Math.round(light * 0.8 + 40)})` }, svg);
        el("title", {}, cell).textContent = r.label + " (" + fam + ") " + y + ": elasticity " + v.toFixed(3);
      });
    });
    years.forEach((y, j) => {
      if (j % 2 === 0) el("text", { x: L + j * cw + cw / 2, y: H - 6, "text-anchor": "middle" }, svg).textContent = String(y).slice(2);
    });
    plot.replaceChildren(svg);
  }
  function drawHeat() {
    heatMap($("heat-base"), base.timeline);
    heatMap($("heat-cur"), cur.timeline);
  }

  function drawClaims() {
    const tb = $("claims").querySelector("tbody");
    if (!cur.claims) return;
    const bv = new Map((base.claims ? base.claims.claims : []).map((c) => [c.id, c.verdict]));
    tb.replaceChildren(...cur.claims.claims.map((c) => {
      const tr = document.createElement("tr");
      tr.id = "claim-" + c.id;
      const b = bv.get(c.id) || "";
      if (b && b !== c.verdict) tr.className = "flipped";
      const cells = [String(c.id), c.claim, b, c.verdict, c.why];
      cells.forEach((t, i) => {
        const td = document.createElement("td");
        td.textContent = t;
        if (i === 2 || i === 3) td.className = "v-" + t;
        tr.appendChild(td);
      });
      tr.dataset.verdict = c.verdict;
      return tr;
    }));
  }

  function drawLimits() {
    const box = $("limits");
    const c = cur.limits, b = base.limits;
    if (!c) return;
    const p = document.createElement("p");
    p.textContent = "In " + c.year + (c.region ? " " + c.region + "'s compute can reach " : " compute can reach ") + fmt(c.compute_gw) + " GW at most" +
      (c.region ? ", every other region keeping its min-cost plan's compute" : "") +
      (b ? " (baseline " + fmt(b.compute_gw) + " GW)." : ".") + (c.limits.length ? " What holds it back, strongest first:" : " Nothing in the model binds that year.");
    const ul = document.createElement("ul");
    for (const l of c.limits.slice(0, 5)) {
      const li = document.createElement("li");
      li.textContent = l.sentence;
      ul.appendChild(li);
    }
    const parts = [p, ul];
    if (b && b.limits.length) {
      const bp = document.createElement("p");
      bp.className = "base";
      bp.textContent = "Baseline's top limit: " + b.limits[0].sentence;
      parts.push(bp);
    }
    const st = c.stranded.filter((s) => s.stranded_m > 1e-6).map((s) => s.year + ": " + fmt(s.stranded_m) + " M" + (s.power_binding ? " (no power)" : ""));
    if (st.length) {
      const sp = document.createElement("p");
      sp.textContent = "Accelerators made but not installed — " + st.join("; ") + ".";
      parts.push(sp);
    }
    box.replaceChildren(...parts);
  }

  // ---------- start ----------
  async function loadScenario() {
    const info = await getJSON("params", "/api/params?" + baseQuery());
    state.info = info;
    const sel = $("scenario");
    sel.replaceChildren(...info.scenarios.map((n) => {
      const o = document.createElement("option");
      o.value = o.textContent = n;
      o.selected = n === info.scenario;
      return o;
    }));
    const regions = info.regions || [];
    if (!regions.includes(state.region)) state.region = "";
    $("region-pick").hidden = regions.length === 0;
    $("region").replaceChildren(...["", ...regions].map((r) => {
      const o = document.createElement("option");
      o.value = r;
      o.textContent = r || "world (total)";
      o.selected = r === state.region;
      return o;
    }));
    const ys = $("year");
    if (!info.years.includes(state.year)) state.year = info.years.find((y) => y >= 2030) || info.years[info.years.length - 1];
    ys.replaceChildren(...info.years.map((y) => {
      const o = document.createElement("option");
      o.value = o.textContent = String(y);
      o.selected = y === state.year;
      return o;
    }));
    buildControls(info);
    writeURL();
    setStatus("solving the baseline…");
    const bq = baseQuery();
    await loadBase(true);
    const bc = getJSON("claims-base", "/api/claims?" + bq).then((c) => { base.claims = c; drawClaims(); });
    await Promise.allSettled([bc, base.timelineDone, refreshAnalysis()]);
    document.body.dataset.ready = "1";
  }

  // loadBase fetches the baseline plan and timeline of the picked region
  // (or of the world), then the current plan; the timeline is left
  // running (base.timelineDone).
  async function loadBase(first) {
    const bq = withRegion(baseQuery());
    base.plan = await getJSON("plan-base", "/api/plan?" + bq);
    cur.plan = base.plan;
    base.timeline = null;
    if (!first) cur.timeline = null;
    drawPlan();
    drawHeat();
    await refreshPlan();
    base.timelineDone = getJSON("timeline-base", "/api/timeline?" + bq).then((t) => { base.timeline = t; drawHeat(); });
  }

  // pickRegion shows one region (or the world): its charts, limits and
  // timeline, and controls that set its own values.
  async function pickRegion(r) {
    state.region = r;
    delete document.body.dataset.regionReady;
    writeURL();
    buildControls(state.info);
    setStatus("solving " + (r || "the world") + "…");
    await loadBase(false);
    await Promise.allSettled([base.timelineDone, refreshAnalysis()]);
    document.body.dataset.regionReady = r || "world";
  }

  function start() {
    readURL();
    $("scenario").addEventListener("change", (e) => {
      state.scenario = e.target.value;
      state.sets.clear();
      writeURL();
      loadScenario().catch((err) => setStatus(err.message, true));
    });
    $("region").addEventListener("change", (e) => {
      pickRegion(e.target.value).catch((err) => { if (!aborted(err)) setStatus(err.message, true); });
    });
    $("year").addEventListener("change", (e) => {
      state.year = Number(e.target.value);
      writeURL();
      drawRegions();
      refreshLimits().catch((err) => { if (!aborted(err)) setStatus(err.message, true); });
    });
    $("reset").addEventListener("click", () => {
      state.sets.clear();
      for (const c of ctls.values()) c.reset();
      changed("");
    });
    loadScenario().catch((err) => setStatus(err.message, true));
  }
  start();
})();
