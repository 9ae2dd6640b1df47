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
