#include "layers/qgis_style.hpp"

#include "geo/error.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/text.hpp"

#include <ctime>

namespace wangge::layers {

void store_qgis_style(GDALDataset& ds, const std::string& path, const std::string& layer_name,
                      const std::string& style_name, const std::string& qml) {
    GdalErrorScope errors;
    OGRLayer* styles = ds.GetLayerByName("layer_styles");
    if (!styles) {
        // Column set and order as QGIS's QgsOgrProviderMetadata::saveStyle creates them.
        const char* options[] = {"FID=id", nullptr};
        styles = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
        if (!styles) throw BackendError(path + ": cannot create layer_styles: " + errors.text());
        const std::pair<const char*, int> text_fields[] = {
            {"f_table_catalog", 256}, {"f_table_schema", 256},
            {"f_table_name", 256},    {"f_geometry_column", 256},
            {"styleName", 30},        {"styleQML", 0},
            {"styleSLD", 0}};
        for (auto [name, width] : text_fields) {
            OGRFieldDefn fd(name, OFTString);
            if (width) fd.SetWidth(width);
            styles->CreateField(&fd);
        }
        OGRFieldDefn use("useAsDefault", OFTInteger);
        use.SetSubType(OFSTBoolean);
        styles->CreateField(&use);
        for (auto [name, width] :
             {std::pair<const char*, int>{"description", 0}, {"owner", 30}, {"ui", 30}}) {
            OGRFieldDefn fd(name, OFTString);
            if (width) fd.SetWidth(width);
            styles->CreateField(&fd);
        }
        OGRFieldDefn when("update_time", OFTDateTime);
        styles->CreateField(&when);
    }
    // One default style per layer: a later one replaces it.
    std::string quoted = sql_literal(layer_name);
    ResultSet(&ds, ds.ExecuteSQL(("DELETE FROM layer_styles WHERE f_table_name = " + quoted).c_str(), nullptr,
                                 nullptr));
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(styles->GetLayerDefn()));
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", layer_name.c_str());
    f->SetField("f_geometry_column", "geom");
    f->SetField("styleName", style_name.c_str());
    f->SetField("styleQML", qml.c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", style_name.c_str());
    f->SetField("owner", "");
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    f->SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                static_cast<float>(utc.tm_sec), 100);
    if (styles->CreateFeature(f.get()) != OGRERR_NONE)
        throw BackendError(path + ": cannot write a style: " + errors.text());
}

void store_field_aliases(GDALDataset& ds, const std::string& path, const std::string& layer,
                         const std::vector<FieldAlias>& aliases) {
    std::vector<std::string> sql = {
        "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT "
        "NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT "
        "pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))",
        "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, "
        "constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, "
        "max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, "
        "constraint_type, value))",
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name "
        "TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE "
        "(table_name, column_name, extension_name))",
        // Not INSERT OR IGNORE: the NULL column_name makes every row unique to SQLite.
        "INSERT INTO gpkg_extensions SELECT t, NULL, 'gpkg_schema', "
        "'http://www.geopackage.org/spec/#extension_schema', 'read-write' FROM (SELECT "
        "'gpkg_data_columns' AS t UNION SELECT 'gpkg_data_column_constraints') WHERE NOT EXISTS (SELECT 1 "
        "FROM gpkg_extensions e WHERE e.table_name = t AND e.extension_name = 'gpkg_schema')"};
    for (const FieldAlias& a : aliases)
        sql.push_back(
            "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) VALUES (" +
            sql_literal(layer) + ", " + sql_literal(a.field) + ", " + sql_literal(a.alias) + ", " +
            sql_literal(a.alias) + ")");
    GdalErrorScope errors;
    // One statement a call: GDAL's SQLite dialect runs only the first of several.
    for (const std::string& statement : sql)
        ResultSet(&ds, ds.ExecuteSQL(statement.c_str(), nullptr, nullptr));
    if (errors.failures())
        throw BackendError(path + ": cannot store the field aliases of " + layer + ": " + errors.text());
}

std::string aliases_qml(const std::vector<FieldAlias>& aliases) {
    std::string out = "<aliases>";
    for (std::size_t i = 0; i < aliases.size(); ++i)
        out += "<alias field=\"" + aliases[i].field + "\" index=\"" + std::to_string(i) + "\" name=\"" +
               aliases[i].alias + "\"/>";
    return out + "</aliases>";
}

std::string fill_from_column_qml(const std::string& column) {
    // The fill colour is a data-defined property bound to the field (QgsProperty type 2).
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.16\" styleCategories=\"Symbology\">"
           "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
           "<symbols><symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
           "<prop k=\"color\" v=\"189,189,189,255\"/><prop k=\"style\" v=\"solid\"/>"
           "<prop k=\"outline_color\" v=\"255,255,255,255\"/><prop k=\"outline_width\" v=\"0.26\"/>"
           "<prop k=\"outline_style\" v=\"solid\"/>"
           "<data_defined_properties><Option type=\"Map\"><Option type=\"QString\" name=\"name\" value=\"\"/>"
           "<Option type=\"Map\" name=\"properties\"><Option type=\"Map\" name=\"fillColor\">"
           "<Option type=\"bool\" name=\"active\" value=\"true\"/>"
           "<Option type=\"QString\" name=\"field\" value=\"" +
           column +
           "\"/><Option type=\"int\" name=\"type\" value=\"2\"/></Option></Option>"
           "<Option type=\"QString\" name=\"type\" value=\"collection\"/></Option></data_defined_properties>"
           "</layer></symbol></symbols></renderer-v2></qgis>";
}

} // namespace wangge::layers
