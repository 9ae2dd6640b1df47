#!/usr/bin/python3
"""Writes the benchmark table (BENCHMARKS.md) and the raw figures (BENCHMARKS.json) of a run."""
import argparse
import json
import platform


def fmt(v):
    if v is None:
        return "—"
    return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("micro")
    ap.add_argument("point_location")
    ap.add_argument("--scale", required=True)
    ap.add_argument("--started", required=True)
    ap.add_argument("--cores", required=True)
    ap.add_argument("--city", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    rows = [json.loads(line) for line in open(a.results, encoding="utf-8") if line.strip()]
    micro = json.load(open(a.micro))
    location = json.load(open(a.point_location))
    context = micro.get("context", {})
    cpu = context.get("host_name", platform.node())
    # The host's clock and caches: figures of memory-bound work (point location, reading) differ
    # several times between hosts that the core count alone does not tell apart.
    caches = ", ".join(f"L{c['level']} {c['type'].lower()} {c['size'] // 1024} KB"
                       for c in context.get("caches", []))
    host = (f"The host: {context['mhz_per_cpu']} MHz per core" if "mhz_per_cpu" in context else "The host:") + \
        (f", caches {caches}." if caches else ", caches not reported to the benchmark library.")
    lines = [
        "# Benchmarks",
        "",
        f"Run of `bench/run.sh{' --quick' if a.scale == 'quick' else ''}` started {a.started} on "
        f"{a.cores} cores ({platform.machine()}, {cpu}); city: {a.city}."
        + (" A quick run: the figures check a change, they are not the targets' figures." if a.scale == "quick" else ""),
        "",
        host,
        "",
        "Each figure is measured beside its reference in the same run (bench/). Ratio: reference ÷ ours "
        "(higher is better for us).",
        "",
        "| figure | ours | reference | ratio | target | met? |",
        "|---|---:|---:|---:|---|:-:|",
    ]
    for r in rows:
        ratio = "—"
        if r["reference"] and r["ours"]:
            ratio = f"{r['reference'] / r['ours']:.2f} ×"
        lines.append(f"| {r['figure']} | {fmt(r['ours'])} | {fmt(r['reference'])} | {ratio} | {r['target']} | "
                     f"{'yes' if r['met'] else '**no**'} |")
    met = sum(r["met"] for r in rows)
    lines += ["", f"{met} of {len(rows)} targets met.", "", "## Micro-benchmarks (Google Benchmark)", "",
              "| benchmark | time | CPU | items/s |", "|---|---:|---:|---:|"]
    for b in location["benchmarks"] + micro["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue  # of repeated benchmarks, the median only
        unit = b.get("time_unit", "ns")
        lines.append(f"| {b['name']} | {b['real_time']:.2f} {unit} | {b['cpu_time']:.2f} {unit} | "
                     f"{b.get('items_per_second', 0):,.0f} |")
    with open(a.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump({"started": a.started, "cores": int(a.cores), "scale": a.scale, "city": a.city,
                   "figures": rows, "micro": micro, "point_location": location}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
