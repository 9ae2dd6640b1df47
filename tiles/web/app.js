// The managers' web map: the city coloured by grade, a legend, a ranking in step with the map, a
// click for a region's figures, parent, children and trend, and the districts' census view.
"use strict";

const LEVELS = { district: "区", street: "街道", community: "社区", grid: "网格" };
const CHILD = { district: "street", street: "community", community: "grid" };
const EXTRA_VIEWS = [
  { id: "coverage", label: "部件普查覆盖" },
  { id: "cases", label: "案件分布" },
  { id: "heat", label: "案件热力" },
  { id: "hotspot", label: "热点分析（Gi*）" },
];
const state = { level: "district", period: null, indicator: "composite", legend: null, rows: [], regionCache: new Map(), hovered: null };
const $ = (id) => document.getElementById(id);

function status(text, error) {
  const s = $("status");
  s.textContent = text || "";
  s.className = error ? "error" : "";
}

async function getJSON(url) {
  const res = await fetch(url);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.status + " " + res.statusText);
  return body;
}

function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function pct(v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; }
function num(v, d = 2) { return v == null ? "—" : Number(v).toFixed(d); }

const view = () => (EXTRA_VIEWS.some((v) => v.id === state.indicator) ? state.indicator : "regions");
const indicatorInfo = () => (state.legend.indicators.find((i) => i.id === state.indicator) || null);

// ---- map -------------------------------------------------------------------------------------

const map = L.map("map", { zoomControl: true, attributionControl: true });
let baseLayer = null, overlay = null, highlight = null;

function tileUrl(layer, extra) {
  const q = new URLSearchParams(extra);
  return `/tiles/${layer}/{z}/{x}/{y}{r}.png?${q}`;
}

function redrawTiles() {
  if (baseLayer) map.removeLayer(baseLayer);
  if (overlay) map.removeLayer(overlay);
  overlay = null;
  const opts = { maxZoom: 20, maxNativeZoom: 20, opacity: 0.9 };
  if (view() === "coverage") {
    baseLayer = L.tileLayer(tileUrl("coverage", {}), opts);
  } else if (view() === "cases" || view() === "heat") {
    baseLayer = L.tileLayer(tileUrl(state.level, { period: state.period, indicator: "composite" }), { ...opts, opacity: 0.35 });
    overlay = L.tileLayer(tileUrl(view(), { period: state.period }), opts);
  } else if (view() === "hotspot") {
    baseLayer = L.tileLayer(tileUrl("hotspot", { period: state.period }), opts);
  } else {
    baseLayer = L.tileLayer(tileUrl(state.level, { period: state.period, indicator: state.indicator }), opts);
  }
  baseLayer.addTo(map);
  if (overlay) overlay.addTo(map);
}

function showOutline(region) {
  if (highlight) map.removeLayer(highlight);
  highlight = region ? L.geoJSON(region.outline, { style: { color: "#00b7ff", weight: 3, fill: false } }).addTo(map) : null;
}

async function regionData(code) {
  const key = code + "@" + state.period;
  if (!state.regionCache.has(key)) state.regionCache.set(key, getJSON(`/api/regions/${code}?period=${encodeURIComponent(state.period)}`));
  return state.regionCache.get(key);
}

map.on("click", async (e) => {
  const level = view() === "coverage" || view() === "hotspot" ? "grid" : state.level;
  try {
    const hit = await getJSON(`/api/locate?level=${level}&lon=${e.latlng.lng}&lat=${e.latlng.lat}`);
    if (view() === "coverage") await showGridCensus(hit.code, hit.name);
    else await showRegion(hit.code);
  } catch (err) {
    status(err.message, true);
  }
});

// ---- legend ----------------------------------------------------------------------------------

function renderLegend() {
  const lg = state.legend;
  let html = "";
  if (view() === "coverage") {
    html += lg.coverage.map((c) => `<div class="legend-row"><span class="swatch" style="background:${c.colour}"></span>${escapeHtml(c.label)}（${c.status}）</div>`).join("");
    html += `<div class="legend-row"><span class="swatch" style="background:${lg.not_assessed}"></span>未普查</div>`;
    html += `<div class="formula">单元网格按部件普查覆盖着色：无部件、半数以上部件过期、已覆盖；网格上的数字为其普查问题数，点击网格列出问题。</div>`;
  } else if (view() === "heat") {
    html += `<div class="legend-row"><span class="swatch" style="width:120px;background:linear-gradient(to right, ${lg.heat.ramp.join(",")})"></span>稀 → 密</div>`;
    html += `<div class="formula">周期 ${escapeHtml(state.period)} 立案案件的核密度（四次核，带宽 ${lg.heat.bandwidth_m} 米）；最深色为全市繁忙区域密度的 1.5 倍。</div>`;
  } else if (view() === "hotspot") {
    html += lg.hotspot.map((c) => `<div class="legend-row"><span class="swatch" style="background:${c.colour}"></span>${escapeHtml(c.label)}</div>`).join("");
    html += `<div class="formula">周期 ${escapeHtml(state.period)} 各网格立案数的 Getis-Ord Gi* 统计（相邻网格：共边或共点）。热点：立案多且周边也多的聚集区。</div>`;
  } else {
    const info = indicatorInfo() || lg.indicators[0];
    if (view() === "cases") html += `<div class="legend-row"><span class="swatch" style="background:#d7301f;border-radius:50%"></span>立案案件（小比例尺下聚合，数字为案件数）</div>`;
    if (info.graded) {
      const bands = lg.grades;
      html += bands.map((g, i) => {
        const upper = i === 0 ? 100 : bands[i - 1].min;
        return `<div class="legend-row"><span class="swatch" style="background:${g.colour}"></span><b>${g.grade}</b> ${escapeHtml(g.label)}　${g.min} ≤ 分值${i === 0 ? " ≤ 100" : " < " + upper}</div>`;
      }).join("");
    } else {
      html += lg.per_grid_ramp.map((c, i) => {
        const lo = i === 0 ? 0 : lg.per_grid_ramp[i - 1].up_to;
        const text = c.up_to == null ? `> ${lo} 倍平均` : `${lo}–${c.up_to} 倍平均`;
        return `<div class="legend-row"><span class="swatch" style="background:${c.colour}"></span>${text}</div>`;
      }).join("");
    }
    html += `<div class="legend-row"><span class="swatch" style="background:${lg.not_assessed}"></span>未考核</div>`;
    html += `<div class="formula">周期 ${escapeHtml(state.period || "—")}　${escapeHtml(info.label)}<br>${escapeHtml(info.formula)}${info.graded && info.id !== "composite" ? "；比率 × 100 按等级分段着色" : ""}</div>`;
  }
  $("legend-body").innerHTML = html;
}

// ---- ranking ---------------------------------------------------------------------------------

function valueOf(r) {
  const id = state.indicator;
  if (id === "composite" || view() !== "regions") return r.scores ? r.scores.composite : null;
  if (id === "filed_per_grid") return r.grids ? r.counts.filed / r.grids : null;
  return r.rates ? r.rates[id] : null;
}

function formatValue(v) {
  if (v == null) return "—";
  if (state.indicator === "composite" || view() !== "regions") return num(v);
  if (state.indicator === "filed_per_grid") return num(v, 2);
  return pct(v);
}

// The rows the ranking lists at most: a big city has hundreds of thousands of grids, which the
// page can neither fetch whole nor lay out at once. The server ranks and searches every row and
// sends the page; the exports hold them all.
const RANKING_SHOWN = 200;

// The ranking's query to the server: the whole level ordered by the indicator shown.
function rankingQuery(extra) {
  const indicator = view() === "regions" ? state.indicator : "composite";
  const q = new URLSearchParams({ level: state.level, period: state.period, indicator, ...extra });
  return `/api/regions?${q}`;
}

async function loadRanking() {
  if (view() === "coverage") return loadCensusTable();
  $("ranking-title").textContent = `${LEVELS[state.level]}排名 · ${state.period}`;
  $("ranking-head").innerHTML = "<tr><th>#</th><th>代码</th><th>名称</th><th class='num'>" + escapeHtml((indicatorInfo() || {}).label || "综合指标值") + "</th><th>等级</th></tr>";
  await searchRanking();
}

// Fetches the page that the search box asks for; an answer that a later request has overtaken
// is dropped.
let rankingRequest = 0;
async function searchRanking() {
  const mine = ++rankingRequest;
  const q = $("search").value.trim();
  const data = await getJSON(rankingQuery({ limit: RANKING_SHOWN, q }));
  if (mine !== rankingRequest) return;
  state.rows = data.regions.map((r) => ({ ...r, value: valueOf(r) }));
  renderRanking(q, data.matching);
}

function renderRanking(q, matching) {
  const body = $("ranking-body");
  const rows = state.rows.map((r) =>
    `<tr data-code="${escapeHtml(r.code)}"><td>${r.rank}</td><td>${escapeHtml(r.code)}</td><td>${escapeHtml(r.name)}</td><td class="num">${formatValue(r.value)}</td>` +
    `<td>${r.grade ? `<span class="grade" style="background:${r.colour}">${escapeHtml(r.grade)}</span>` : "—"}</td></tr>`);
  if (matching > RANKING_SHOWN)
    rows.push(`<tr class="more"><td colspan="5">${q ? "匹配" : "共"} ${matching} 个，显示前 ${RANKING_SHOWN} 个；输入代码或名称查找，全部见导出</td></tr>`);
  else if (q && matching === 0) rows.push(`<tr class="more"><td colspan="5">无匹配“${escapeHtml(q)}”的${LEVELS[state.level]}</td></tr>`);
  body.innerHTML = rows.join("");
}

// One set of listeners for the ranking's rows, however many are drawn.
function rankingRow(e) {
  const tr = e.target.closest && e.target.closest("#ranking-body tr[data-code]");
  return tr && view() !== "coverage" ? tr.dataset.code : null;
}

function listenToRanking() {
  const body = $("ranking-body");
  body.addEventListener("mouseover", async (e) => {
    const code = rankingRow(e);
    if (!code) {
      state.hovered = null;
      showOutline(null);
    } else if (code !== state.hovered) {
      state.hovered = code;
      const d = await regionData(code);
      if (state.hovered === code) showOutline(d);
    }
  });
  body.addEventListener("mouseleave", () => {
    state.hovered = null;
    showOutline(null);
  });
  body.addEventListener("click", async (e) => {
    const code = rankingRow(e);
    if (!code) return;
    const d = await regionData(code);
    map.fitBounds([[d.bbox[1], d.bbox[0]], [d.bbox[3], d.bbox[2]]], { maxZoom: 17 });
    showRegion(code);
  });
}

async function loadCensusTable() {
  $("ranking-title").textContent = "各区部件普查";
  $("ranking-head").innerHTML = "<tr><th>代码</th><th>名称</th><th class='num'>网格</th><th class='num'>部件</th><th class='num'>覆盖率</th><th>完整</th><th>时效</th></tr>";
  const body = $("ranking-body");
  body.innerHTML = "";
  state.rows = [];
  let report;
  try {
    report = await getJSON("/api/census");
  } catch (err) {
    body.innerHTML = `<tr><td colspan="7">${escapeHtml(err.message)}</td></tr>`;
    return;
  }
  const gradeColour = (g) => (state.legend.grades.find((b) => b.grade === g) || {}).colour || state.legend.not_assessed;
  for (const d of report.districts) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${d.code}</td><td>${escapeHtml(d.name)}</td><td class="num">${d.grids}</td><td class="num">${d.components}</td>` +
      `<td class="num">${pct(d.grid_coverage)}</td><td><span class="grade" style="background:${gradeColour(d.completeness_grade)}">${d.completeness_grade || "—"}</span></td>` +
      `<td><span class="grade" style="background:${gradeColour(d.timeliness_grade)}">${d.timeliness_grade || "—"}</span></td>`;
    state.rows.push({ code: d.code, name: d.name, grids: d.grids, components: d.components, coverage: d.grid_coverage, completeness: d.completeness_grade, timeliness: d.timeliness_grade });
    body.appendChild(tr);
  }
}

// ---- the region panel ------------------------------------------------------------------------

// Periods of one kind only: a year's composite beside a month's says nothing of the trend.
function periodKind(p) {
  if (/^\d{4}$/.test(p)) return "year";
  if (/^\d{4}-\d{2}$/.test(p)) return "month";
  const m = /^\d{4}-([QH])\d$/.exec(p);
  return m ? m[1] : "range";
}

// A period's [start, end) as YYYY-MM-DD text, for ordering (domain.md §4's forms).
function periodSpan(p) {
  const day = (y, m) => `${y + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, "0")}-01`;
  let m;
  if ((m = /^(\d{4})$/.exec(p))) return [day(+m[1], 1), day(+m[1], 13)];
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return [day(+m[1], +m[2]), day(+m[1], +m[2] + 1)];
  if ((m = /^(\d{4})-Q([1-4])$/.exec(p))) return [day(+m[1], 3 * m[2] - 2), day(+m[1], 3 * m[2] + 1)];
  if ((m = /^(\d{4})-H([12])$/.exec(p))) return [day(+m[1], 6 * m[2] - 5), day(+m[1], 6 * m[2] + 1)];
  if ((m = /^(\S+)\.\.(\S+)$/.exec(p))) return [m[1], m[2]];
  return [p, p];
}

function trendSvg(history) {
  const kind = periodKind(state.period);
  const pts = history.filter((h) => h.composite != null && periodKind(h.period) === kind);
  if (pts.length === 0) return "<div class='formula'>尚无同类周期</div>";
  const w = 340, h = 120, left = 30, right = 14, top = 18, bottom = 18;
  // The scale fits the values, at least 10 points tall: a change of a point or two must show.
  const values = pts.map((p) => p.composite);
  let lo = Math.max(0, Math.floor(Math.min(...values) - 2)), hi = Math.min(100, Math.ceil(Math.max(...values) + 2));
  if (hi - lo < 10) {
    hi = Math.min(100, Math.max(hi, lo + 10));
    lo = Math.max(0, hi - 10);
  }
  const x = (i) => left + (pts.length === 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (pts.length - 1));
  const y = (v) => top + ((hi - v) / (hi - lo)) * (h - top - bottom);
  let svg = "";
  const ticks = [];
  // The grade bands' lower bounds that fall inside the scale, as the legend colours them.
  for (const g of state.legend.grades) {
    if (g.min <= lo || g.min >= hi) continue;
    ticks.push(y(g.min));
    svg += `<line x1="${left}" x2="${w - right}" y1="${y(g.min)}" y2="${y(g.min)}" stroke="${g.colour}" stroke-dasharray="3 3"/>` +
      `<text x="${left - 3}" y="${y(g.min) + 3}" font-size="9" text-anchor="end" fill="${g.colour}">${g.grade} ${g.min}</text>`;
  }
  for (const v of [hi, lo])
    if (!ticks.some((t) => Math.abs(t - y(v)) < 10))
      svg += `<text x="${left - 3}" y="${y(v) + 3}" font-size="9" text-anchor="end" fill="#888">${v}</text>`;
  svg += `<polyline points="${pts.map((p, i) => `${x(i)},${y(p.composite)}`).join(" ")}" fill="none" stroke="#1f3b57" stroke-width="1.5"/>`;
  // Every value and period while they fit; with many periods, every k-th counted back from the last.
  const every = Math.max(1, Math.ceil(pts.length / 6));
  pts.forEach((p, i) => {
    const shown = (pts.length - 1 - i) % every === 0;
    svg += `<circle cx="${x(i)}" cy="${y(p.composite)}" r="4" fill="${p.colour}" stroke="#333"><title>${escapeHtml(p.period)}: ${num(p.composite)} ${p.grade || ""}</title></circle>`;
    if (!shown) return;
    svg += `<text x="${x(i)}" y="${y(p.composite) - 7}" font-size="9" text-anchor="middle">${num(p.composite)}</text>` +
      `<text x="${x(i)}" y="${h - 4}" font-size="9" text-anchor="middle">${escapeHtml(p.period)}</text>`;
  });
  return `<svg class="trend" viewBox="0 0 ${w} ${h}" role="img" aria-label="综合指标值走势">${svg}</svg>`;
}

async function showRegion(code) {
  const d = await regionData(code);
  const r = d.region;
  const level = r.level;
  showOutline(d);
  $("panel").hidden = false;
  $("panel-title").innerHTML = `${escapeHtml(r.name)} <small>${r.code}</small> ` + (r.grade ? `<span class="grade" style="background:${r.colour}">${r.grade}</span>` : "<small>未考核</small>");
  let html = "";
  if (r.assessed) {
    const c = r.counts, rt = r.rates, s = r.scores;
    html += `<table class="figures">
      <tr><td>综合指标值</td><td class="num">${num(s.composite)}</td><td>立案数</td><td class="num">${c.filed}</td></tr>
      <tr><td>结案率</td><td class="num">${pct(rt.closure_rate)}</td><td>应结案数</td><td class="num">${c.due}</td></tr>
      <tr><td>按期结案率</td><td class="num">${pct(rt.on_time_rate)}</td><td>结案数</td><td class="num">${c.closed}</td></tr>
      <tr><td>满意率</td><td class="num">${pct(rt.satisfaction_rate)}</td><td>按期结案数</td><td class="num">${c.closed_on_time}</td></tr>
      <tr><td>公众举报率</td><td class="num">${pct(rt.public_report_rate)}</td><td>超期未结</td><td class="num">${c.overdue_open}</td></tr>
      <tr><td>返工率</td><td class="num">${pct(rt.rework_rate)}</td><td>单元网格</td><td class="num">${r.grids ?? "—"}</td></tr>
    </table>`;
  } else {
    html += "<p>本周期无考核数据。</p>";
  }
  html += "<div class='links'>";
  if (d.parent) html += `上级：<a data-code="${d.parent.code}" data-level="${d.parent.level}">${escapeHtml(d.parent.name)}</a> `;
  html += "</div>";
  if (d.children.length) {
    html += `<div class="links">下级（${LEVELS[CHILD[level]]} ${d.children.length} 个）：` +
      d.children.slice(0, 60).map((c) => `<a data-code="${c.code}" data-level="${c.level}" title="${c.grade || "未考核"}">${escapeHtml(c.name || c.code)}</a>`).join("") +
      (d.children.length > 60 ? "…" : "") + "</div>";
  }
  html += "<h2>走势</h2><div id='trend'>…</div>";
  $("panel-body").innerHTML = html;
  $("panel-body").querySelectorAll("a[data-code]").forEach((a) =>
    a.addEventListener("click", async () => {
      if (a.dataset.level !== state.level && view() === "regions") setLevel(a.dataset.level);
      const next = await regionData(a.dataset.code);
      map.fitBounds([[next.bbox[1], next.bbox[0]], [next.bbox[3], next.bbox[2]]], { maxZoom: 17 });
      showRegion(a.dataset.code);
    }));
  document.querySelectorAll("#ranking-body tr").forEach((tr) => tr.classList.toggle("active", tr.dataset.code === code));
  try {
    const h = await getJSON(`/api/regions/${code}/history`);
    $("trend").innerHTML = trendSvg(h.history);
  } catch (err) {
    $("trend").textContent = err.message;
  }
}

async function showGridCensus(code, name) {
  const f = await getJSON(`/api/findings?grid=${code}`);
  $("panel").hidden = false;
  $("panel-title").innerHTML = `${escapeHtml(name || code)} <small>${code}</small> 普查问题 ${f.count} 条`;
  $("panel-body").innerHTML = f.findings.length
    ? f.findings.map((x) => `<div class="finding"><span class="rule">${escapeHtml(x.rule)}</span> [${x.severity === "error" ? "错误" : "警告"}] ${escapeHtml(x.code)}<br>${escapeHtml(x.message)}</div>`).join("")
    : "<p>该网格无普查问题。</p>";
  const d = await regionData(code).catch(() => null);
  showOutline(d);
}

// ---- exports ---------------------------------------------------------------------------------

function csvField(v) {
  const s = String(v ?? "");
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

$("export-csv").addEventListener("click", () => {
  if (view() !== "coverage") {
    // Every region of the level, ranked by the server as the list is (a big city's grids would be
    // hundreds of megabytes for the page to fetch).
    window.location = `/api/export.csv?${new URLSearchParams({ level: state.level, period: state.period, indicator: view() === "regions" ? state.indicator : "composite" })}`;
    return;
  }
  const lines = [["区代码", "名称", "网格数", "部件数", "网格覆盖率", "完整性等级", "时效性等级"]].concat(
    state.rows.map((r) => [r.code, r.name, r.grids, r.components, r.coverage, r.completeness, r.timeliness]));
  // A byte-order mark and CRLF: what Excel on Chinese Windows needs to read UTF-8.
  const text = "\ufeff" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  a.download = "census.csv";
  a.click();
});

$("export-xlsx").addEventListener("click", () => {
  window.location = `/api/export.xlsx?level=${view() === "coverage" ? "district" : state.level}&period=${encodeURIComponent(state.period)}`;
});

// ---- controls --------------------------------------------------------------------------------

function setLevel(level) {
  state.level = level;
  $("level").value = level;
  refresh();
}

let lastView = null;

async function refresh() {
  status("加载中…");
  if (view() !== lastView) {
    // The panel belongs to the view it was opened in.
    $("panel").hidden = true;
    showOutline(null);
    lastView = view();
  }
  $("level").disabled = view() === "coverage" || view() === "hotspot";
  redrawTiles();
  renderLegend();
  try {
    await loadRanking();
    status("");
  } catch (err) {
    status(err.message, true);
  }
}

async function init() {
  try {
    const [health, legend, periods] = await Promise.all([getJSON("/api/health"), getJSON("/api/legend"), getJSON("/api/periods")]);
    state.legend = legend;
    if (health.basemap) L.tileLayer(health.basemap, { maxZoom: 20, attribution: "basemap" }).addTo(map);
    map.attributionControl.setPrefix("Wangge");
    const ind = $("indicator");
    for (const i of legend.indicators) ind.add(new Option(i.label, i.id));
    for (const v of EXTRA_VIEWS) if (legend.layers.includes(v.id)) ind.add(new Option(v.label, v.id));
    const stored = new Set(health.stored_periods);
    const list = periods.periods.map((p) => p.id);
    for (const p of health.stored_periods) if (!list.includes(p)) list.push(p);
    // Newest first; of periods that start together, the shortest first (a month above its quarter).
    list.sort((a, b) => {
      const [sa, ea] = periodSpan(a), [sb, eb] = periodSpan(b);
      return sa !== sb ? (sa < sb ? 1 : -1) : ea < eb ? -1 : ea > eb ? 1 : 0;
    });
    for (const p of list) $("period").add(new Option(stored.has(p) ? p : `${p}（未考核）`, p));
    // The server lists stored periods oldest first: the last is the newest and finest.
    state.period = health.stored_periods.length ? health.stored_periods[health.stored_periods.length - 1] : list[0];
    $("period").value = state.period;
    if (health.bounds) map.fitBounds([[health.bounds[1], health.bounds[0]], [health.bounds[3], health.bounds[2]]]);
    else map.setView([22.54, 114.06], 11);
    $("level").addEventListener("change", (e) => setLevel(e.target.value));
    $("period").addEventListener("change", (e) => { state.period = e.target.value; state.regionCache.clear(); refresh(); });
    $("indicator").addEventListener("change", (e) => { state.indicator = e.target.value; refresh(); });
    // The search asks the server once typing pauses; the census view lists every district whole.
    let typing = null;
    $("search").addEventListener("input", () => {
      if (view() === "coverage") return;
      clearTimeout(typing);
      typing = setTimeout(() => searchRanking().catch((err) => status(err.message, true)), 150);
    });
    listenToRanking();
    $("search").addEventListener("keydown", async (e) => {
      if (e.key !== "Enter" || view() === "coverage") return;
      clearTimeout(typing);
      await searchRanking().catch((err) => status(err.message, true));
      const first = $("ranking-body").querySelector("tr[data-code]");
      if (first) first.click();
    });
    await refresh();
    document.body.dataset.ready = "1";
  } catch (err) {
    status(err.message, true);
  }
}

init();
