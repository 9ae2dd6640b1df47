#pragma once

#include "layers/gdal_handles.hpp"
#include "layers/schema.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::layers {

/// One vector layer of a file opened for import: the GDAL dataset, the chosen layer, where each
/// canonical field comes from, the text encoding and the CRS. Owns the dataset; one thread.
class SourceFile {
public:
    struct Options {
        std::optional<std::string> layer;
        std::optional<std::string> encoding;
        std::map<std::string, std::string> fields; ///< canonical → source field
    };

    SourceFile(const std::string& path, const LayerSchema& schema, const Options& options);

    const std::string& path() const noexcept { return m_path; }
    OGRLayer* layer() const noexcept { return m_layer; }
    /// The GDAL field index of each schema field, -1 when absent (internal fields are always absent).
    const std::vector<int>& field_index() const noexcept { return m_index; }
    /// canonical → source field name, for the fields found.
    std::map<std::string, std::string> mapping() const;
    /// The CRS the file declares ("EPSG:n" or WKT); nullopt when it declares none.
    std::optional<std::string> declared_crs() const;
    /// A CSV whose coordinates come from longitude and latitude columns (lon/lng/longitude/经度 and
    /// lat/latitude/纬度), not x/y or WKT.
    bool has_lonlat_columns() const;
    /// What the text is decoded from: "UTF-8", "CP936 (.cpg)", …
    const std::string& encoding() const noexcept { return m_encoding; }
    /// Text needs recoding by Wangge (formats whose GDAL driver has no ENCODING option).
    const std::optional<std::string>& recode_from() const noexcept { return m_recode_from; }

private:
    void check_coordinates_found() const;
    void open(const Options& options);
    void choose_layer(const Options& options);
    void resolve_fields(const Options& options);
    void detect_encoding(const Options& options);
    std::string field_list() const;

    std::string m_path;
    const LayerSchema& m_schema;
    GDALDatasetUniquePtr m_ds;
    OGRLayer* m_layer = nullptr;
    std::vector<int> m_index;
    std::string m_encoding = "UTF-8";
    std::optional<std::string> m_recode_from;
    bool m_shapefile = false;
};

} // namespace wangge::layers
