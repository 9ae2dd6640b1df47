#pragma once

#include "geo/crs.hpp"
#include "geo/wkb.hpp"
#include "layers/vector_writer.hpp"
#include "tests/support/test_support.hpp"

#include <string>
#include <vector>

namespace wangge::test {

using layers::VectorWriter;

/// A polygon feature for fixture files.
struct PolygonRow {
    std::vector<std::string> values;
    std::vector<geo::XY> ring; ///< open; closed when written
};

/// Squares of 100 m in EPSG:4547 near Shenzhen, one per code, in a row from west to east.
inline std::vector<PolygonRow> square_grids(const std::vector<std::string>& codes, double x0 = 505000,
                                            double y0 = 2494000) {
    std::vector<PolygonRow> rows;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        double x = x0 + 100.0 * static_cast<double>(i);
        rows.push_back({{codes[i]}, {{x, y0}, {x + 100, y0}, {x + 100, y0 + 100}, {x, y0 + 100}}});
    }
    return rows;
}

/// Writes polygon rows; `crs` is what the file declares ("" = none); coordinates are given in
/// EPSG:4547 and transformed into `crs` (or `coords_crs` when the file declares nothing).
inline void write_polygons(const std::string& path, const std::string& driver,
                           const std::vector<VectorWriter::Field>& fields,
                           const std::vector<PolygonRow>& rows, const std::string& crs = "EPSG:4547",
                           std::optional<std::string> encoding = std::nullopt,
                           const std::string& coords_crs = "") {
    VectorWriter w(path, driver, encoding);
    std::string target = crs.empty() ? (coords_crs.empty() ? "EPSG:4547" : coords_crs) : crs;
    w.begin_layer("layer", VectorWriter::Geometry::polygon, target, fields);
    geo::Transformer t("EPSG:4547", target);
    for (const PolygonRow& r : rows) {
        std::vector<double> xs, ys;
        for (const auto& p : r.ring) xs.push_back(p.x), ys.push_back(p.y);
        xs.push_back(xs.front()), ys.push_back(ys.front());
        t.transform(xs, ys);
        geo::Ring ring;
        for (std::size_t i = 0; i < xs.size(); ++i) ring.push_back({xs[i], ys[i]});
        w.write(r.values, geo::polygon_wkb({ring}));
    }
    w.close();
}

} // namespace wangge::test
