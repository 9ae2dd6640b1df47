#pragma once

#include <string_view>
#include <vector>

namespace wangge::layers {

/// One numbered file of sql/: `version` is its number, `sql` its text with `{{schema}}` for the
/// workspace's schema.
struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

/// Every migration compiled in, by version (generated from sql/ at build time).
const std::vector<Migration>& pg_migrations();

} // namespace wangge::layers
