#pragma once

#include "layers/store.hpp"

namespace wangge::layers {

/// The embedded workspace: one GeoPackage file, read and written through GDAL. Its tables open in
/// QGIS as they are. Owns the GDAL dataset; one thread at a time.
std::unique_ptr<Workspace> create_gpkg_workspace(const std::string& path,
                                                 const std::optional<std::string>& crs);
std::unique_ptr<Workspace> open_gpkg_workspace(const std::string& path, const OpenOptions& options = {});
/// The file's modification time, size and inode, and its WAL's: a stat, no open.
std::string gpkg_workspace_version(const std::string& path);

} // namespace wangge::layers
