#pragma once

#include <string>
#include <string_view>

namespace wangge::layers {

/// A PostGIS workspace address: `postgresql://[user[:password]@][host][:port]/database[?schema=NAME&…]`.
/// One database can hold several cities, one schema each (default `wangge`); every other query
/// parameter is libpq's own (sslmode, connect_timeout, …).
struct PgUri {
    std::string conninfo; ///< the URI as libpq takes it: without `schema`
    std::string schema;   ///< a plain SQL identifier
    std::string redacted; ///< the URI for messages: the password replaced by `***`
};

/// Whether `uri` names a PostGIS workspace (postgresql:// or postgres://).
bool is_postgis_uri(std::string_view uri);

/// Parses a PostGIS workspace URI. Throws UsageError for a schema that is not a plain lower-case
/// identifier.
PgUri parse_pg_uri(const std::string& uri);

} // namespace wangge::layers
