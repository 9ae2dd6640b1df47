#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wangge::layers {

/// Writes vector files (Shapefile, GeoPackage, GeoJSON, CSV) through GDAL without exposing GDAL
/// types: for the sample-city generator and for exports. Owns the dataset; one thread.
class VectorWriter {
public:
    enum class Type { string, integer, real, date };
    struct Field {
        std::string name;
        Type type = Type::string;
        int width = 0;
        /// Shown by QGIS instead of the name (GDAL's alternative name; in a GeoPackage, the
        /// gpkg_data_columns table).
        std::string alias = {};
    };
    enum class Geometry { none, point, polygon, any };

    /// `format` is a GDAL driver name ("ESRI Shapefile", "GPKG", "GeoJSON", "CSV"); `path` a file,
    /// or for shapefiles a folder. `encoding` is written into shapefiles (.cpg / DBF) and the text
    /// recoded to it.
    VectorWriter(const std::string& path, const std::string& format,
                 std::optional<std::string> encoding = {});
    ~VectorWriter();
    VectorWriter(const VectorWriter&) = delete;
    VectorWriter& operator=(const VectorWriter&) = delete;

    /// Starts a layer (the previous one is finished). `crs` is "EPSG:n" or WKT.
    /// `options` are GDAL layer creation options ("RFC7946=YES").
    void begin_layer(const std::string& name, Geometry geometry, const std::string& crs,
                     std::vector<Field> fields, const std::vector<std::string>& options = {});
    /// Writes one feature: values in field order ("" = null, written as null so that every
    /// property is there; dates YYYY-MM-DD), and its geometry
    /// as WKB (polygon layers) or x/y (point layers); a layer of any geometry takes the WKB when
    /// there is one, else the point. A polygon without WKB, or a point that is not finite, is
    /// written without a geometry.
    void write(const std::vector<std::string>& values, const std::string& wkb = {}, double x = 0,
               double y = 0);
    /// GeoPackage only: stores `qml` as the default QGIS style of `layer` (the layer_styles table
    /// QGIS itself writes), so that the layer opens styled.
    void add_qgis_style(const std::string& layer, const std::string& style_name, const std::string& qml);
    /// Flushes and closes; throws BackendError when GDAL cannot finish the file, or when a
    /// GeoJSON or CSV file read back does not hold every feature written.
    void close();

    /// The layer's title and description (GeoPackage: gpkg_contents), as QGIS shows them.
    void describe_layer(const std::string& layer, const std::string& title, const std::string& description);

private:
    void verify() const;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Writes the ESRI-style .prj of `crs` ("EPSG:n" or WKT) at `path`: the sidecar GIS tools read
/// beside a CSV or shapefile.
void write_prj(const std::string& path, const std::string& crs);

} // namespace wangge::layers
