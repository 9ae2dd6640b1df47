// Which store a workspace address names: a postgresql:// URI is a PostGIS workspace, anything
// else a GeoPackage file.
#include "layers/gpkg_store.hpp"
#include "layers/pg_store.hpp"
#include "layers/pg_uri.hpp"

namespace wangge::layers {

std::unique_ptr<Workspace> create_workspace(const std::string& uri, const std::optional<std::string>& crs) {
    return is_postgis_uri(uri) ? create_pg_workspace(uri, crs) : create_gpkg_workspace(uri, crs);
}

std::unique_ptr<Workspace> open_workspace(const std::string& uri, const OpenOptions& options) {
    return is_postgis_uri(uri) ? open_pg_workspace(uri, options) : open_gpkg_workspace(uri, options);
}

std::string workspace_version(const std::string& uri) {
    return is_postgis_uri(uri) ? pg_workspace_version(uri) : gpkg_workspace_version(uri);
}

} // namespace wangge::layers
