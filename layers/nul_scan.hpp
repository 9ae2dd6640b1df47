#pragma once

#include <optional>
#include <string>

namespace wangge::layers {

/// Where a text value holds a NUL byte.
struct NulByte {
    long long row = 0; ///< 1-based feature (CSV: data line; DBF: record)
    std::string field; ///< the column's name, when known
};

/// Finds a NUL byte inside a text value of a CSV file, a shapefile's DBF (a value that goes on
/// after a NUL: trailing NULs are padding some writers use) or a GeoJSON file (an escaped
/// \u0000). GDAL reads such a value as far as the NUL and silently drops the rest. Other formats
/// are not scanned. One pass over the file; throws nothing (unreadable files are GDAL's to report).
std::optional<NulByte> find_nul_byte(const std::string& path);

} // namespace wangge::layers
