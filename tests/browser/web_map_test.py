#!/usr/bin/python3
"""The web map in headless Chromium, driven over the DevTools protocol, against the demo server.

Starts `wangge demo --listen 127.0.0.1:0`, opens the map, and checks what a manager sees: coloured
tiles, the legend and the ranking; switching the level changes the tiles; a real mouse click on a
region opens its panel with figures that match the API. Screenshots go to the artefacts folder.
Exits 77 (skipped) when Chromium or python3-websocket is missing.
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websocket  # Debian: python3-websocket
except ImportError:
    print("python3-websocket is not installed", file=sys.stderr)
    sys.exit(77)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def http_json(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read().decode("utf-8"))


class Page:
    """One browser tab over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == mine:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})

    def eval(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            fail(f"script failed: {expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expression, what, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.2)
        fail(f"timed out waiting for {what}")

    def screenshot(self, path):
        time.sleep(0.6)  # Leaflet fades new tiles in over 0.2 s
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("screenshot", path)


TILES_SETTLED = """(() => {
  const all = document.querySelectorAll('#map img.leaflet-tile');
  const done = document.querySelectorAll('#map img.leaflet-tile-loaded');
  return all.length > 0 && all.length === done.length;
})()"""

# Counts the tile pixels that carry one of the grade colours (same-origin tiles: canvas can read).
GRADE_PIXELS = """(async () => {
  const legend = await (await fetch('/api/legend')).json();
  const colours = legend.grades.map(g => [1, 3, 5].map(i => parseInt(g.colour.substr(i, 2), 16)));
  let n = 0;
  for (const img of document.querySelectorAll('#map img.leaflet-tile-loaded')) {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4 * 7)
      if (d[i + 3] === 255 && colours.some(k => k[0] === d[i] && k[1] === d[i + 1] && k[2] === d[i + 2])) n++;
  }
  return n;
})()"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wangge", required=True)
    ap.add_argument("--artefacts", required=True)
    args = ap.parse_args()
    if not CHROMIUM:
        print("chromium is not installed", file=sys.stderr)
        sys.exit(77)
    os.makedirs(args.artefacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="wangge-browser-")
    demo_out = open(os.path.join(work, "demo.out"), "w+")
    demo = subprocess.Popen([args.wangge, "demo", "--dir", os.path.join(work, "city"), "--listen", "127.0.0.1:0"],
                            stdout=demo_out, stderr=subprocess.STDOUT)
    browser = None
    try:
        port = None
        deadline = time.time() + 300
        while time.time() < deadline and port is None:
            if demo.poll() is not None:
                demo_out.seek(0)
                fail("the demo ended: " + demo_out.read()[-2000:])
            demo_out.seek(0)
            m = re.search(r"^serving .* at http://127\.0\.0\.1:(\d+)/", demo_out.read(), re.M)
            if m:
                port = int(m.group(1))
            time.sleep(0.2)
        if port is None:
            fail("the demo did not start serving")
        base = f"http://127.0.0.1:{port}"

        profile = os.path.join(work, "profile")
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--hide-scrollbars", "--window-size=1400,900", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not os.path.exists(active) and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        devtools_port = int(open(active).read().split()[0])
        targets = http_json(f"http://127.0.0.1:{devtools_port}/json/list")
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)

        # The year assessed as well (on its first request): the map still opens on the newest month,
        # and a region's trend compares months with months.
        http_json(base + "/api/regions?level=district&period=2026")
        stored = http_json(base + "/api/health")["stored_periods"]
        months = [p for p in stored if re.fullmatch(r"\d{4}-\d{2}", p)]
        if "2026" not in stored or not months or stored[-1] != months[-1]:
            fail(f"stored periods {stored}: the year is missing or the newest month is not last")

        # The map opens: tiles coloured by grade, the legend, the ranking.
        page.call("Page.navigate", url=base + "/")
        page.wait_for("document.body && document.body.dataset.ready === '1'", "the page to load")
        opened = page.eval("document.getElementById('period').value")
        if opened != months[-1]:
            fail(f"the map opens on {opened}, not {months[-1]}")
        page.wait_for(TILES_SETTLED, "the district tiles")
        legend_rows = page.eval("document.querySelectorAll('#legend-body .legend-row').length")
        if legend_rows < 6:
            fail(f"the legend shows {legend_rows} rows, expected the five grades and 'not assessed'")
        ranking = page.eval("[...document.querySelectorAll('#ranking-body tr')].map(r => r.dataset.code)")
        api = http_json(base + "/api/regions?level=district")
        if sorted(ranking) != sorted(r["code"] for r in api["regions"]):
            fail(f"the ranking shows {ranking}, the API {[r['code'] for r in api['regions']]}")
        if page.eval(GRADE_PIXELS) < 100:
            fail("the tiles show no grade colours")
        page.screenshot(os.path.join(args.artefacts, "web-map-districts.png"))

        # Switching the level changes the tiles.
        page.eval("(() => { const s = document.getElementById('level'); s.value = 'street';"
                  " s.dispatchEvent(new Event('change')); return true; })()")
        page.wait_for("[...document.querySelectorAll('#map img.leaflet-tile')].some(i => i.src.includes('/tiles/street/'))",
                      "street tiles")
        page.wait_for(TILES_SETTLED, "the street tiles")
        if page.eval("[...document.querySelectorAll('#map img.leaflet-tile')].some(i => i.src.includes('/tiles/district/'))"):
            fail("district tiles are still shown after switching to streets")
        page.wait_for("document.querySelectorAll('#ranking-body tr').length > 3", "the street ranking")

        # A real mouse click inside a street opens its panel, with the API's figures.
        street = http_json(base + "/api/regions?level=street")["regions"][0]
        detail = http_json(base + f"/api/regions/{street['code']}")
        ring = detail["outline"]["coordinates"][0][0]
        lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
        lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
        hit = http_json(base + f"/api/locate?level=street&lon={lon}&lat={lat}")
        point = page.eval(f"(() => {{ const p = map.latLngToContainerPoint([{lat}, {lon}]);"
                          " const r = document.getElementById('map').getBoundingClientRect();"
                          " return [p.x + r.left, p.y + r.top]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            page.call("Input.dispatchMouseEvent", type=kind, x=point[0], y=point[1], button="left", clickCount=1)
        page.wait_for("!document.getElementById('panel').hidden && document.getElementById('panel-title').textContent.length > 0",
                      "the region panel")
        page.wait_for("document.querySelector('#trend svg, #trend .formula') !== null", "the trend chart")
        trend = page.eval("[...document.querySelectorAll('#trend svg circle title')].map(t => t.textContent)")
        if len(trend) != len(months) or not all(re.match(r"\d{4}-\d{2}: ", t) for t in trend):
            fail(f"the trend shows {trend}; expected the {len(months)} months stored, not the year")
        title = page.eval("document.getElementById('panel-title').textContent")
        if hit["code"] not in title:
            fail(f"the panel shows '{title}', the click was in {hit['code']}")
        clicked = http_json(base + f"/api/regions/{hit['code']}")["region"]
        shown = page.eval("document.querySelector('#panel-body table.figures td.num').textContent")
        expected = f"{clicked['scores']['composite']:.2f}"
        if shown != expected:
            fail(f"the panel shows composite {shown}, the API {expected}")
        filed = page.eval("document.querySelectorAll('#panel-body table.figures td.num')[1].textContent")
        if filed != str(clicked["counts"]["filed"]):
            fail(f"the panel shows {filed} filed cases, the API {clicked['counts']['filed']}")
        page.screenshot(os.path.join(args.artefacts, "web-map-street-panel.png"))

        # The grids' ranking lists the first 200 and says how many there are; search reaches the rest.
        grids = http_json(base + "/api/regions?level=grid")["regions"]
        page.eval("(() => { const s = document.getElementById('level'); s.value = 'grid';"
                  " s.dispatchEvent(new Event('change')); return true; })()")
        page.wait_for("document.getElementById('ranking-title').textContent.startsWith('网格')"
                      " && document.querySelectorAll('#ranking-body tr[data-code]').length > 6", "the grid ranking")
        listed = page.eval("document.querySelectorAll('#ranking-body tr[data-code]').length")
        more = page.eval("(document.querySelector('#ranking-body tr.more') || {}).textContent || ''")
        if len(grids) <= 200 or listed != 200 or str(len(grids)) not in more:
            fail(f"the grid ranking lists {listed} rows and says '{more}' for {len(grids)} grids")
        first_shown = page.eval("document.querySelector('#ranking-body tr[data-code] td').textContent")
        if first_shown != "1":
            fail(f"the grid ranking starts at rank {first_shown}")
        last = grids[-1]["code"]
        page.eval(f"(() => {{ const s = document.getElementById('search'); s.value = '{last}';"
                  " s.dispatchEvent(new Event('input')); return true; })()")
        listed_codes = "[...document.querySelectorAll('#ranking-body tr[data-code]')].map(r => r.dataset.code)"
        page.wait_for(f"JSON.stringify({listed_codes}) === JSON.stringify(['{last}'])", f"the search for {last}")
        page.eval("(() => { const s = document.getElementById('search'); s.value = '';"
                  " s.dispatchEvent(new Event('input')); return true; })()")
        page.wait_for("document.querySelectorAll('#ranking-body tr[data-code]').length === 200", "the search cleared")
        # The page asks for a page of the ranking, never for a whole level (a big city's grids are
        # hundreds of megabytes of JSON).
        asked = page.eval("performance.getEntriesByType('resource').map(e => e.name)"
                          ".filter(n => n.includes('/api/regions?'))")
        whole = [u for u in asked if "limit=" not in u]
        if not asked or whole:
            fail(f"the page asked for whole levels: {whole or 'no ranking at all'}")

        # The census view: grids coloured by coverage.
        page.eval("(() => { const s = document.getElementById('indicator'); s.value = 'coverage';"
                  " s.dispatchEvent(new Event('change')); return true; })()")
        page.wait_for("[...document.querySelectorAll('#map img.leaflet-tile')].some(i => i.src.includes('/tiles/coverage/'))",
                      "coverage tiles")
        page.wait_for(TILES_SETTLED, "the coverage tiles")
        page.screenshot(os.path.join(args.artefacts, "web-map-coverage.png"))

        # The hot spots and the heat map draw.
        for layer in ("hotspot", "heat"):
            page.eval(f"(() => {{ const s = document.getElementById('indicator'); s.value = '{layer}';"
                      " s.dispatchEvent(new Event('change')); return true; })()")
            page.wait_for(f"[...document.querySelectorAll('#map img.leaflet-tile')].some(i => i.src.includes('/tiles/{layer}/'))",
                          f"{layer} tiles")
            page.wait_for(TILES_SETTLED, f"the {layer} tiles")
            page.wait_for("document.getElementById('status').textContent === ''", f"the {layer} view to settle")
            if page.eval("document.getElementById('legend-body').textContent.includes('部件')"):
                fail(f"the {layer} view shows the census legend")
            page.screenshot(os.path.join(args.artefacts, f"web-map-{layer}.png"))

        # The platform scorecard beside the map: the link from the map's header, the city's items
        # with their points, the same total as the API; then a district chosen from the list.
        href = page.eval("document.getElementById('platform-link').getAttribute('href')")
        page.call("Page.navigate", url=base + href)
        page.wait_for("document.querySelectorAll('#items-body tr[data-id]').length > 20", "the scorecard's items")
        shown = page.eval("document.getElementById('summary').textContent")
        platform = page.eval("document.getElementById('platform').value")
        period = page.eval("document.getElementById('period').value")
        card = http_json(f"{base}/api/platform?platform={platform}&period={period}")
        if f"{card['total']:.2f}" not in shown:
            fail(f"the scorecard shows {shown!r}, the API's total is {card['total']:.2f}")
        if card["level"] != "city":
            fail(f"the scorecard opens on {card['level']}, not the city")
        row = page.eval("document.querySelector('#items-body tr[data-id=\"operator_duty\"]').textContent")
        if "7×24" not in row:
            fail(f"the night-duty row reads {row!r}")
        page.screenshot(os.path.join(args.artefacts, "web-platform-city.png"))
        page.eval("(() => { const s = document.getElementById('platform'); s.selectedIndex = 1;"
                  " s.dispatchEvent(new Event('change')); return true; })()")
        page.wait_for("document.getElementById('summary').textContent.includes('区级平台')", "a district's scorecard")
        page.wait_for("document.getElementById('status').textContent === ''", "the district's scorecard to settle")
        page.screenshot(os.path.join(args.artefacts, "web-platform-district.png"))
        print("web map: tiles, legend, ranking, level switch, click panel, census view and platform scorecard as expected")
    finally:
        if browser:
            browser.kill()
            browser.wait()
        demo.send_signal(signal.SIGTERM)
        try:
            status = demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            demo.kill()
            status = "hung"
        shutil.rmtree(work, ignore_errors=True)
    if status != 0:
        fail(f"the demo server ended with {status} on SIGTERM")


if __name__ == "__main__":
    main()
