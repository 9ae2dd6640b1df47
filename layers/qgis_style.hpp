#pragma once

#include <string>
#include <vector>

class GDALDataset;

namespace wangge::layers {

/// Stores `qml` as the default QGIS style of `layer` in a GeoPackage's `layer_styles` table (the
/// table QGIS itself writes, created with QGIS's columns when absent), so that the layer opens
/// styled. Replaces an earlier default style of the layer. Throws BackendError.
void store_qgis_style(GDALDataset& ds, const std::string& path, const std::string& layer,
                      const std::string& style_name, const std::string& qml);

/// A field of a layer and what people call it.
struct FieldAlias {
    std::string field, alias;
};

/// Stores the aliases in gpkg_data_columns (the GeoPackage schema extension), where GDAL 3.7 and
/// later read them as alternative names. Throws BackendError.
void store_field_aliases(GDALDataset& ds, const std::string& path, const std::string& layer,
                         const std::vector<FieldAlias>& aliases);

/// A QGIS style's <aliases> element: QGIS on GDAL 3.6 takes aliases from the layer's default style.
std::string aliases_qml(const std::vector<FieldAlias>& aliases);

/// A QGIS 3 style that fills each polygon with the colour (#rrggbb) in `column`, grey where it is
/// empty, with thin white boundaries: the grade maps of domain.md §5.4.
std::string fill_from_column_qml(const std::string& column);

} // namespace wangge::layers
