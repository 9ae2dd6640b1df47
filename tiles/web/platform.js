// The platform scorecard (/api/platform): the city's or a district's points item by item.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const tables = { 1: "平台建设与日常管理", 2: "运行管理" };

  async function getJson(url) {
    const r = await fetch(url);
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function figures(item) {
    if (!item.figures) return "";
    const labels = item.figure_labels || {};
    return Object.entries(item.figures)
      .map(([k, v]) => (labels[k] || k) + " " + (Number.isInteger(v) ? v : v.toFixed(4)))
      .join("；");
  }

  function render(card) {
    const summary = $("summary");
    summary.replaceChildren();
    const title = (card.name ? card.name + "（" + card.platform + "）" : card.platform) +
      (card.level === "city" ? " 市级平台 " : " 区级平台 ") + card.period;
    summary.append(text("h2", title));
    const total = text("p", "总分 " + card.total.toFixed(2) + " / " + card.max_points + "，等级 ");
    const grade = text("span", card.grade + " " + card.label, "grade");
    grade.style.background = card.colour;
    total.append(grade);
    summary.append(total);
    for (const t of card.tables)
      summary.append(text("p", t.name + " " + t.points.toFixed(2) + " / " + t.max_points));
    summary.append(text("p", card.checklist ? "清单：" + card.checklist : "无清单：仅数据计算项得分", "muted"));
    const body = $("items-body");
    body.replaceChildren();
    for (const t of [1, 2]) {
      const head = document.createElement("tr");
      const th = text("th", tables[t]);
      th.colSpan = 7;
      head.append(th);
      body.append(head);
      for (const item of card.items.filter((i) => i.table === t)) {
        const tr = document.createElement("tr");
        tr.dataset.id = item.id;
        tr.append(text("td", item.name), text("td", item.source === "computed" ? "数据计算" : "清单填报"),
          text("td", item.points.toFixed(2), "num"), text("td", String(item.max_points), "num"));
        const bar = document.createElement("td");
        const fill = document.createElement("div");
        fill.className = "bar";
        fill.style.width = Math.round((100 * item.points) / item.max_points) + "%";
        bar.append(fill);
        tr.append(bar, text("td", figures(item)), text("td", item.note || ""));
        body.append(tr);
      }
    }
  }

  async function load() {
    const platform = $("platform").value, period = $("period").value;
    const q = "?platform=" + encodeURIComponent(platform) + "&period=" + encodeURIComponent(period);
    $("xlsx").href = "/api/platform.xlsx" + q;
    history.replaceState(null, "", q);
    $("status").textContent = "计算中…";
    try {
      render(await getJson("/api/platform" + q));
      $("status").textContent = "";
    } catch (e) {
      $("status").textContent = e.message;
    }
  }

  async function start() {
    const periods = (await getJson("/api/periods")).periods.map((p) => p.id);
    const health = await getJson("/api/health");
    const period = params.get("period") || health.stored_periods[health.stored_periods.length - 1] || periods[0];
    for (const p of periods) $("period").append(new Option(p, p, false, p === period));
    if (!periods.includes(period)) $("period").append(new Option(period, period, true, true));
    const districts = (await getJson("/api/regions?level=district&period=" + encodeURIComponent(period))).regions;
    const city = districts.length ? districts[0].code.slice(0, 4) + "00" : "";
    const wanted = params.get("platform") || city;
    $("platform").append(new Option("全市 " + city, city, false, wanted === city));
    for (const d of districts)
      $("platform").append(new Option((d.name || "") + " " + d.code, d.code, false, wanted === d.code));
    $("platform").onchange = load;
    $("period").onchange = load;
    await load();
  }

  start().catch((e) => { $("status").textContent = e.message; });
})();
