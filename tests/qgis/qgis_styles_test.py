#!/usr/bin/python3
"""The workspace and the findings GeoPackage opened in QGIS (PyQGIS, offscreen), as GIS staff open them.

Builds a small city with defects (generate, import, validate --findings), then checks that every
layer opens with its default style from layer_styles: grids hollow with code labels at large
scales, boundaries as outlines, components by major class, cases as points, findings by severity;
and that the Chinese field aliases apply. Renders the workspace to a PNG in the artefacts folder.
Exits 77 (skipped) when python3-qgis is missing.
"""
import argparse
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError:
    print("python3-qgis is not installed", file=sys.stderr)
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL: " + " ".join(args) + "\n" + r.stderr, file=sys.stderr)
        sys.exit(1)


def open_layer(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    check(layer.isValid(), f"{name}: QGIS cannot open it")
    return layer


def alias(layer, field):
    return layer.attributeAlias(layer.fields().indexOf(field))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wangge", required=True)
    ap.add_argument("--artefacts", required=True)
    args = ap.parse_args()
    os.makedirs(args.artefacts, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        run([args.wangge, "generate", "--out", f"{d}/city", "--grids", "300", "--components", "1500",
             "--cases", "200", "--seed", "5", "--as-of", "2026-11-27", "--defects"])
        ws = f"{d}/ws.gpkg"
        run([args.wangge, "init", "--workspace", ws])
        for layer in ("districts", "grids", "components", "cases"):
            run([args.wangge, "import", layer, f"{d}/city/{layer}" + (".csv" if layer == "cases" else ".shp"),
                 "--workspace", ws])
        findings = f"{d}/findings.gpkg"
        run([args.wangge, "validate", "--workspace", ws, "--as-of", "2026-11-27", "--findings", findings])

        app = QgsApplication([], False)
        app.initQgis()
        inspect(ws, findings, args.artefacts)
        # Every layer is gone before QGIS is: the other order crashes on exit.
        app.exitQgis()

    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


def inspect(ws, findings, artefacts):
    # Boundaries: hollow outlines, heavier for the larger regions.
    widths = {}
    for name in ("districts", "grids"):
        layer = open_layer(ws, name)
        symbol = layer.renderer().symbol()
        check(layer.renderer().type() == "singleSymbol", f"{name}: renderer {layer.renderer().type()}")
        check(symbol.symbolLayer(0).brushStyle() == 0, f"{name}: filled (NoBrush expected)")
        widths[name] = symbol.symbolLayer(0).strokeWidth()
    check(widths["districts"] > widths["grids"], f"outline widths {widths}")
    grids = open_layer(ws, "grids")
    check(grids.labelsEnabled(), "grids: labels off")
    settings = grids.labeling().settings()
    check(settings.fieldName == "code", f"grids: labels of {settings.fieldName}")
    check(settings.scaleVisibility and settings.minimumScale == 5000,
          f"grids: labels at scales up to 1:{settings.minimumScale}")
    check(alias(grids, "code") == "单元网格标识码", f"grids.code alias {alias(grids, 'code')!r}")
    components = open_layer(ws, "components")
    check(components.renderer().type() == "categorizedSymbol", "components: not by class")
    labels = [c.label() for c in components.renderer().categories()]
    check("01 公用设施" in labels, f"components: categories {labels}")
    check(alias(components, "dept_name") != "", "components.dept_name has no alias")
    cases = open_layer(ws, "cases")
    check(cases.geometryType() == 0 and cases.renderer().type() == "singleSymbol", "cases: not points")
    for name in ("grid_findings", "component_findings", "finding_points"):
        layer = open_layer(findings, name)
        check(layer.renderer().type() == "categorizedSymbol", f"{name}: renderer {layer.renderer().type()}")
        values = sorted(c.value() for c in layer.renderer().categories())
        check(values == ["error", "warning"], f"{name}: categories {values}")
        check(alias(layer, "rule_name") == "问题类型", f"{name}.rule_name alias {alias(layer, 'rule_name')!r}")
        check(layer.featureCount() > 0, f"{name}: empty")

    # What GIS staff see: grids, components and findings drawn by their styles.
    shown = [open_layer(findings, "finding_points"), components, grids, open_layer(ws, "districts")]
    ms = QgsMapSettings()
    ms.setLayers(shown)
    ms.setDestinationCrs(grids.crs())
    ms.setOutputSize(QSize(1000, 700))
    ms.setBackgroundColor(QColor(255, 255, 255))
    c = grids.extent().center()
    ms.setExtent(QgsRectangle(c.x() - 500, c.y() - 350, c.x() + 500, c.y() + 350))
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(os.path.join(artefacts, "qgis-workspace.png"))
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 700, 7)}
    check(len(colours) > 5, f"the rendered map has {len(colours)} colours")


if __name__ == "__main__":
    sys.exit(main())
