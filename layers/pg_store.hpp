#pragma once

#include "layers/store.hpp"

namespace wangge::layers {

/// The server workspace: one schema of a PostgreSQL + PostGIS database, through libpqxx, made
/// and upgraded by the migrations of sql/. Imports stream rows with COPY inside one transaction;
/// reads see one snapshot from the first read to the next write; writers of one workspace take
/// turns (an advisory lock, waited for as long as OpenOptions says). Owns its connection; one
/// thread at a time.
std::unique_ptr<Workspace> create_pg_workspace(const std::string& uri, const std::optional<std::string>& crs);
std::unique_ptr<Workspace> open_pg_workspace(const std::string& uri, const OpenOptions& options = {});
/// The workspace's write counter (raised by every write): one small query.
std::string pg_workspace_version(const std::string& uri);

} // namespace wangge::layers
