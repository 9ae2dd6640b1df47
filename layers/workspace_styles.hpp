#pragma once

// How a workspace looks when GIS staff open it in QGIS: a default style for every layer, Chinese
// field aliases, and titles and descriptions in gpkg_contents.

#include <string>

class GDALDataset;

namespace wangge::layers {

/// Stores the default styles, aliases and titles of the workspace's layers (layers/schema.hpp).
/// Throws BackendError.
void store_workspace_styles(GDALDataset& ds, const std::string& path);

} // namespace wangge::layers
