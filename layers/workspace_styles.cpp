#include "layers/workspace_styles.hpp"

#include "geo/error.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/qgis_style.hpp"
#include "layers/schema.hpp"
#include "layers/text.hpp"

namespace wangge::layers {
namespace {

const char* const qml_head = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";

std::string prop(const char* key, const std::string& value) {
    return std::string("<prop k=\"") + key + "\" v=\"" + value + "\"/>";
}

/// A hollow polygon: the outline only, so that what lies under it stays visible.
std::string outline_symbol(const std::string& colour, double width_mm, const char* pen = "solid") {
    return "<symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
           prop("color", "255,255,255,0") + prop("style", "no") + prop("outline_color", colour) +
           prop("outline_width", std::to_string(width_mm)) + prop("outline_width_unit", "MM") +
           prop("outline_style", pen) + "</layer></symbol>";
}

std::string marker_symbol(const std::string& name, const std::string& colour, double size_mm) {
    return "<symbol type=\"marker\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
           prop("name", "circle") + prop("color", colour) + prop("outline_color", "255,255,255,255") +
           prop("outline_width", "0.1") + prop("size", std::to_string(size_mm)) + prop("size_unit", "MM") +
           "</layer></symbol>";
}

std::string single(const std::string& symbol) {
    return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
           "<symbols>" +
           symbol + "</symbols></renderer-v2>";
}

/// Labels of `field` from 1:1 to 1:`max_scale` (QGIS reads scaleMin as the largest scale).
std::string labels(const std::string& field, int max_scale) {
    return "<labeling type=\"simple\"><settings calloutType=\"simple\">"
           "<text-style fieldName=\"" +
           field +
           "\" isExpression=\"0\" fontFamily=\"WenQuanYi Micro Hei\" fontSize=\"8\" fontSizeUnit=\"Point\" "
           "textColor=\"60,60,60,255\" textOpacity=\"1\">"
           "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
           "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.8\"/></text-style>"
           "<placement placement=\"0\" centroidInside=\"1\" centroidWhole=\"0\"/>"
           "<rendering scaleVisibility=\"1\" scaleMin=\"1\" scaleMax=\"" +
           std::to_string(max_scale) + "\" obstacle=\"1\" displayAll=\"0\"/></settings></labeling>";
}

/// Components by major class, from the class digits of their code (GB/T 30428.2: 01–06).
std::string by_major_class() {
    const std::pair<const char*, const char*> classes[] = {{"01", "公用设施"}, {"02", "道路交通"},
                                                           {"03", "市容环境"}, {"04", "园林绿化"},
                                                           {"05", "房屋土地"}, {"06", "其他设施"}};
    const char* colours[] = {"31,120,180,255", "255,127,0,255",  "51,160,44,255",
                             "106,190,69,255", "106,61,154,255", "177,89,40,255"};
    std::string categories, symbols;
    for (std::size_t i = 0; i < std::size(classes); ++i) {
        categories += std::string("<category value=\"") + classes[i].first + "\" symbol=\"" +
                      std::to_string(i) + "\" label=\"" + classes[i].first + " " + classes[i].second +
                      "\" render=\"true\"/>";
        symbols += marker_symbol(std::to_string(i), colours[i], 1.6);
    }
    categories += "<category value=\"\" symbol=\"6\" label=\"其他 other\" render=\"true\"/>";
    symbols += marker_symbol("6", "150,150,150,255", 1.4);
    return "<renderer-v2 type=\"categorizedSymbol\" attr=\"substr(&quot;code&quot;, 7, 2)\" "
           "symbollevels=\"0\" "
           "enableorderby=\"0\" forceraster=\"0\"><categories>" +
           categories + "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
}

/// What a district's staff call a field: the first Chinese name the importer accepts for it.
std::string alias_of(const FieldSpec& f) {
    for (const std::string& a : f.aliases)
        for (char c : a)
            if (static_cast<unsigned char>(c) >= 0x80) return a;
    static const std::pair<const char*, const char*> internal[] = {
        {"source_code", "原编码"}, {"district", "所属区"}, {"code", "编码"}, {"name", "名称"}};
    for (auto [field, alias] : internal)
        if (f.canonical == field) return alias;
    return "";
}

struct LayerLook {
    LayerKind kind;
    const char* title;
    const char* description;
    std::string renderer; ///< empty: no style (a table without geometry)
    std::string labelling;
};

std::vector<LayerLook> looks() {
    return {
        {LayerKind::districts, "区 districts", "District boundaries (区)",
         single(outline_symbol("40,40,40,255", 0.8)), ""},
        {LayerKind::streets, "街道 streets", "Street (subdistrict) boundaries (街道)",
         single(outline_symbol("70,70,70,255", 0.5)), ""},
        {LayerKind::communities, "社区 communities", "Community boundaries (社区)",
         single(outline_symbol("110,110,110,255", 0.3, "dash")), ""},
        {LayerKind::grids, "单元网格 unit grids",
         "Unit grids (单元网格) with their codes, labelled from 1:5000",
         single(outline_symbol("130,130,130,255", 0.15)), labels("code", 5000)},
        {LayerKind::components, "城市部件 components", "Surveyed components (部件), coloured by major class",
         by_major_class(), ""},
        {LayerKind::cases, "案件 cases", "Cases of the workflow (案件), where they were reported",
         single(marker_symbol("0", "215,48,31,200", 1.2)), ""},
        {LayerKind::roster, "人员 roster", "Staff of the workflow (人员)", "", ""},
    };
}

} // namespace

void store_workspace_styles(GDALDataset& ds, const std::string& path) {
    for (const LayerLook& look : looks()) {
        const LayerSchema& schema = schema_of(look.kind);
        std::vector<FieldAlias> aliases;
        for (const FieldSpec& f : schema.fields)
            if (std::string a = alias_of(f); !a.empty()) aliases.push_back({f.canonical, a});
        aliases.push_back({"submission", "提交批次"});
        aliases.push_back({"source_row", "源文件行号"});
        store_field_aliases(ds, path, schema.table, aliases);
        GdalErrorScope errors;
        ResultSet(&ds, ds.ExecuteSQL(("UPDATE gpkg_contents SET identifier = " + sql_literal(look.title) +
                                      ", description = " + sql_literal(look.description) +
                                      " WHERE table_name = " + sql_literal(schema.table))
                                         .c_str(),
                                     nullptr, nullptr));
        if (errors.failures())
            throw BackendError(path + ": cannot describe " + schema.table + ": " + errors.text());
        if (look.renderer.empty()) continue;
        std::string qml = std::string(qml_head) + "<qgis version=\"3.22.16\" styleCategories=\"" +
                          (look.labelling.empty() ? "Symbology|Fields" : "Symbology|Labeling|Fields") + "\"" +
                          (look.labelling.empty() ? "" : " labelsEnabled=\"1\"") + ">" + look.renderer +
                          look.labelling + aliases_qml(aliases) + "</qgis>";
        store_qgis_style(ds, path, schema.table, "wangge", qml);
    }
}

} // namespace wangge::layers
