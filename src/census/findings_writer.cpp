#include "geo/crs.hpp"
#include "geo/error.hpp"
#include "layers/output_file.hpp"
#include "layers/qgis_style.hpp"
#include "layers/text.hpp"
#include "layers/vector_writer.hpp"
#include "layers/xlsx_book.hpp"
#include "src/census/census_report.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace wangge::census {
namespace {

namespace fs = std::filesystem;
using VW = layers::VectorWriter;

/// The columns of every findings file, whatever its format, so that a script or a QGIS project
/// made on one run reads the next. `status` is left empty for the district to fill in.
const std::vector<VW::Field> fields = {
    {"rule", VW::Type::string, 0, "规则"},
    {"rule_name", VW::Type::string, 0, "问题类型"},
    {"severity", VW::Type::string, 0, "严重程度"},
    {"district", VW::Type::string, 0, "区"},
    {"code", VW::Type::string, 0, "编码"},
    {"other_code", VW::Type::string, 0, "相关编码"},
    {"feature_fid", VW::Type::integer, 0, "要素号"}, // "fid" is a GeoPackage's own key
    {"area_m2", VW::Type::real, 0, "面积(m²)"},
    {"x", VW::Type::real, 0, "X"},
    {"y", VW::Type::real, 0, "Y"},
    {"status", VW::Type::string, 0, "处理状态"},
    {"message", VW::Type::string, 0, "说明"},
};

std::vector<layers::FieldAlias> field_aliases() {
    std::vector<layers::FieldAlias> out;
    for (const VW::Field& f : fields) out.push_back({f.name, f.alias});
    return out;
}

/// A finding's values in field order; `at` is its location in the file's CRS.
std::vector<std::string> values(const Finding& f, const std::optional<geo::XY>& at, int xy_decimals) {
    return {f.rule,
            rule_name(f.rule),
            severity_name(f.severity),
            f.district,
            f.code,
            f.other_code,
            f.fid ? std::to_string(*f.fid) : "",
            f.area_m2 ? layers::fixed(*f.area_m2, 2) : "",
            at ? layers::fixed(at->x, xy_decimals) : "",
            at ? layers::fixed(at->y, xy_decimals) : "",
            "",
            f.message};
}

/// A categorized QGIS style on `severity`: errors red, warnings orange (conventions.md §1.4), and
/// the fields' Chinese aliases.
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
           "<qgis version=\"3.22.16\" styleCategories=\"Symbology|Fields\">"
           "<renderer-v2 type=\"categorizedSymbol\" attr=\"severity\" symbollevels=\"0\" enableorderby=\"0\" "
           "forceraster=\"0\"><categories>"
           "<category value=\"error\" symbol=\"0\" label=\"错误 error\" render=\"true\"/>"
           "<category value=\"warning\" symbol=\"1\" label=\"警告 warning\" render=\"true\"/>"
           "</categories><symbols>" +
           symbol(0, points ? "215,25,28,255" : "215,25,28,160") +
           symbol(1, points ? "253,174,97,255" : "253,174,97,160") + "</symbols></renderer-v2>" +
           layers::aliases_qml(field_aliases()) + "</qgis>";
}

std::string extension(const std::string& path) {
    std::string e = fs::path(path).extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

void write_gpkg(const FindingSpool& findings, const std::string& tmp, const std::string& crs) {
    VW w(tmp, "GPKG");
    // A pass over the findings per layer: one finding in memory at a time.
    w.begin_layer("grid_findings", VW::Geometry::polygon, crs, fields);
    findings.for_each([&](const Finding& f) {
        if (!f.is_point) w.write(values(f, f.at, 2), f.wkb);
    });
    w.begin_layer("component_findings", VW::Geometry::point, crs, fields);
    findings.for_each([&](const Finding& f) {
        if (f.is_point) w.write(values(f, f.at, 2), {}, f.x, f.y);
    });
    // Every finding as the point to look at: a whole grid outlined says less than a dot on the
    // self-intersection, or inside the sliver of an overlap.
    w.begin_layer("finding_points", VW::Geometry::point, crs, fields);
    findings.for_each([&](const Finding& f) {
        w.write(values(f, f.at, 2), {}, f.at ? f.at->x : std::nan(""), f.at ? f.at->y : std::nan(""));
    });
    w.add_qgis_style("grid_findings", "severity", severity_qml(false));
    w.add_qgis_style("component_findings", "severity", severity_qml(true));
    w.add_qgis_style("finding_points", "severity", severity_qml(true));
    w.describe_layer("grid_findings", "网格问题 grid findings",
                     "Census findings on grids: the grid, overlap or gap polygon of each");
    w.describe_layer("component_findings", "部件问题 component findings",
                     "Census findings on components, at each component");
    w.describe_layer("finding_points", "问题位置 finding points",
                     "Every census finding as the point where the problem is");
    // Marks the file as wangge's findings, which a later validate may replace.
    w.begin_layer("wangge_meta", VW::Geometry::none, crs,
                  {{"key", VW::Type::string}, {"value", VW::Type::string}});
    w.write({"format", findings_format});
    w.close();
}

/// One layer of every finding: GeoJSON in WGS 84 (RFC 7946), with x/y in longitude and latitude
/// like its geometry; CSV in the workspace CRS (WKT geometry and x/y, a .prj and a .csvt beside).
void write_text(const FindingSpool& findings, const std::string& tmp, const std::string& crs, bool csv) {
    std::optional<geo::Transformer> to_wgs84;
    if (!csv) to_wgs84.emplace(crs, "EPSG:4326");
    VW w(tmp, csv ? "CSV" : "GeoJSON");
    // CSV: a BOM (Excel then reads UTF-8), every text quoted and typed as text in the .csvt, so
    // that a spreadsheet or QGIS keeps a 16-digit code as it is.
    w.begin_layer("findings", VW::Geometry::any, crs, fields,
                  csv ? std::vector<std::string>{"CREATE_CSVT=YES", "WRITE_BOM=YES", "STRING_QUOTING=ALWAYS"}
                      : std::vector<std::string>{"RFC7946=YES"});
    findings.for_each([&](const Finding& f) {
        std::optional<geo::XY> at = f.at;
        if (at && to_wgs84) {
            double x = at->x, y = at->y;
            to_wgs84->transform({&x, 1}, {&y, 1});
            at = geo::XY{x, y};
        }
        std::vector<std::string> row = values(f, at, csv ? 2 : 7);
        if (f.is_point)
            w.write(row, {}, f.x, f.y);
        else // a grid without a usable polygon has no geometry to show
            w.write(row, f.wkb, std::nan(""), std::nan(""));
    });
    w.close();
    if (csv) layers::write_prj(fs::path(tmp).replace_extension(".prj").string(), crs);
}

/// A sheet per layer (grids, components), Chinese headers, codes as text, made for filtering.
void write_xlsx(const FindingSpool& findings, const std::string& tmp) {
    layers::XlsxBook book(tmp, layers::XlsxBook::Memory::by_row);
    lxw_format* header = book.header();
    lxw_format* text = book.text();
    lxw_format* area = workbook_add_format(book.get());
    format_set_num_format(area, "#,##0.00");
    lxw_format* error = workbook_add_format(book.get());
    format_set_font_color(error, 0xC00000);
    const double widths[] = {24, 16, 9, 9, 20, 20, 9, 12, 14, 14, 12, 60};
    for (bool points : {false, true}) {
        lxw_worksheet* ws = workbook_add_worksheet(book.get(), points ? "部件问题" : "网格问题");
        for (std::size_t c = 0; c < fields.size(); ++c) {
            auto col = static_cast<lxw_col_t>(c);
            worksheet_write_string(ws, 0, col, fields[c].alias.c_str(), header);
            worksheet_set_column(ws, col, col, widths[c], nullptr);
        }
        lxw_row_t r = 1;
        findings.for_each([&](const Finding& f) {
            if (f.is_point != points) return;
            std::vector<std::string> v = values(f, f.at, 2);
            for (std::size_t c = 0; c < v.size(); ++c) {
                auto col = static_cast<lxw_col_t>(c);
                if (v[c].empty()) continue;
                if (fields[c].type == VW::Type::string)
                    worksheet_write_string(
                        ws, r, col, v[c].c_str(),
                        fields[c].name == "severity" && f.severity == Severity::error ? error : text);
                else
                    worksheet_write_number(ws, r, col, std::stod(v[c]),
                                           fields[c].name == "area_m2" ? area : nullptr);
            }
            ++r;
        });
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, static_cast<lxw_col_t>(fields.size() - 1));
    }
    book.close();
}

} // namespace

void write_findings(const FindingSpool& findings, const std::string& path, const std::string& crs) {
    std::string ext = extension(path);
    if (ext != ".gpkg" && ext != ".geojson" && ext != ".json" && ext != ".csv" && ext != ".xlsx")
        throw UsageError("--findings " + path + ": use a .gpkg, .geojson, .csv or .xlsx file");
    std::vector<std::string> sidecars;
    if (ext == ".csv") sidecars = {".csvt", ".prj"};
    layers::write_output(
        path,
        [&](const std::string& tmp) {
            if (ext == ".gpkg")
                write_gpkg(findings, tmp, crs);
            else if (ext == ".xlsx")
                write_xlsx(findings, tmp);
            else
                write_text(findings, tmp, crs, ext == ".csv");
        },
        sidecars);
}

} // namespace wangge::census
