#include "geo/error.hpp"
#include "layers/output_file.hpp"
#include "layers/vector_writer.hpp"
#include "src/census/census_report.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace wangge::census {
namespace {

namespace fs = std::filesystem;
using VW = layers::VectorWriter;

const std::vector<VW::Field> fields = {{"rule", VW::Type::string},       {"severity", VW::Type::string},
                                       {"district", VW::Type::string},   {"code", VW::Type::string},
                                       {"other_code", VW::Type::string}, {"area_m2", VW::Type::real},
                                       {"message", VW::Type::string}};

std::vector<std::string> values(const Finding& f) {
    char area[32] = "";
    if (f.area_m2) std::snprintf(area, sizeof area, "%.2f", *f.area_m2);
    return {f.rule, severity_name(f.severity), f.district, f.code, f.other_code, area, f.message};
}

/// A categorized QGIS style on `severity`: errors red, warnings orange (conventions.md §1.4).
std::string severity_qml(bool points) {
    auto symbol = [&](int name, const char* colour) {
        std::string s =
            "<symbol type=\"" + std::string(points ? "marker" : "fill") + "\" name=\"" +
            std::to_string(name) + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"" +
            (points ? "SimpleMarker" : "SimpleFill") + "\" enabled=\"1\" locked=\"0\" pass=\"0\">";
        if (points)
            s += "<prop k=\"name\" v=\"circle\"/><prop k=\"color\" v=\"" + std::string(colour) +
                 "\"/><prop k=\"outline_color\" v=\"35,35,35,255\"/><prop k=\"size\" v=\"3\"/>";
        else
            s += "<prop k=\"color\" v=\"" + std::string(colour) +
                 "\"/><prop k=\"style\" v=\"solid\"/><prop k=\"outline_color\" v=\"35,35,35,255\"/>"
                 "<prop k=\"outline_width\" v=\"0.26\"/><prop k=\"outline_style\" v=\"solid\"/>";
        return s + "</layer></symbol>";
    };
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.16\" styleCategories=\"Symbology\">"
           "<renderer-v2 type=\"categorizedSymbol\" attr=\"severity\" symbollevels=\"0\" enableorderby=\"0\" "
           "forceraster=\"0\"><categories>"
           "<category value=\"error\" symbol=\"0\" label=\"错误 error\" render=\"true\"/>"
           "<category value=\"warning\" symbol=\"1\" label=\"警告 warning\" render=\"true\"/>"
           "</categories><symbols>" +
           symbol(0, points ? "215,25,28,255" : "215,25,28,160") +
           symbol(1, points ? "253,174,97,255" : "253,174,97,160") + "</symbols></renderer-v2></qgis>";
}

std::string extension(const std::string& path) {
    std::string e = fs::path(path).extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

} // namespace

void write_findings(const std::vector<Finding>& findings, const std::string& path, const std::string& crs) {
    std::string ext = extension(path);
    if (ext != ".gpkg" && ext != ".geojson" && ext != ".json" && ext != ".csv")
        throw UsageError("--findings " + path + ": use a .gpkg, .geojson or .csv file");
    layers::write_output(path, [&](const std::string& tmp) {
        if (ext == ".gpkg") {
            VW w(tmp, "GPKG");
            w.begin_layer("grid_findings", VW::Geometry::polygon, crs, fields);
            for (const Finding& f : findings)
                if (!f.is_point) w.write(values(f), f.wkb);
            w.begin_layer("component_findings", VW::Geometry::point, crs, fields);
            for (const Finding& f : findings)
                if (f.is_point) w.write(values(f), {}, f.x, f.y);
            w.add_qgis_style("grid_findings", "severity", severity_qml(false));
            w.add_qgis_style("component_findings", "severity", severity_qml(true));
            // Marks the file as wangge's findings, which a later validate may replace.
            w.begin_layer("wangge_meta", VW::Geometry::none, crs,
                          {{"key", VW::Type::string}, {"value", VW::Type::string}});
            w.write({"format", findings_format});
            w.close();
        } else {
            bool csv = ext == ".csv";
            VW w(tmp, csv ? "CSV" : "GeoJSON");
            w.begin_layer("findings", VW::Geometry::any, crs, fields,
                          csv ? std::vector<std::string>{"GEOMETRY=AS_WKT"}
                              : std::vector<std::string>{"RFC7946=YES"});
            for (const Finding& f : findings)
                if (f.is_point)
                    w.write(values(f), {}, f.x, f.y);
                else // a grid without a usable polygon has no geometry to show
                    w.write(values(f), f.wkb, std::nan(""), std::nan(""));
            w.close();
        }
    });
}

} // namespace wangge::census
