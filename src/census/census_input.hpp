#pragma once

#include "geo/polygon.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::layers {
class Workspace;
}

namespace wangge::census {

struct GridRow {
    std::string code;        ///< normalised
    std::string source_code; ///< as submitted
    std::string district;    ///< by code, or (unusable code) location
    std::string_view wkb;    ///< kept by CensusInput::grid_wkb
    geo::PolygonRings rings;
    long long row = 0;
    long long fid = 0;
    /// Why the stored geometry cannot be used ("no geometry", "unreadable: …"); then `wkb` and
    /// `rings` are empty and only the code checks run on the grid.
    std::string geometry_problem;
};

/// A component's attributes: views of text its CensusInput keeps (millions of components, most
/// of their values short: a string each would cost more than the text).
struct ComponentRow {
    std::string_view code, name, dept_code, dept_name, grid_code, state, initial_date, change_date, district;
    double x = 0, y = 0;
    long long row = 0;
    long long fid = 0;
    std::string_view geometry_problem; ///< as GridRow's; then x and y are NaN
};

/// Text kept in blocks that never move, handed out as views.
class TextBlocks {
public:
    std::string_view keep(std::string_view text);

private:
    static constexpr std::size_t block_size = 1 << 20;
    std::vector<std::unique_ptr<char[]>> m_blocks, m_long;
    std::size_t m_used = block_size;
};

struct RegionRow {
    std::string code, name, wkb; ///< wkb empty when the stored geometry is unusable
};

/// What the census checks read from a workspace, loaded once.
struct CensusInput {
    std::vector<GridRow> grids;
    TextBlocks grid_wkb; ///< what the grids' `wkb` views show, in blocks freed at once
    std::vector<ComponentRow> components;
    std::vector<TextBlocks> component_text; ///< what the components' views show
    std::map<std::string, RegionRow> districts, streets, communities;
    bool districts_loaded = false, streets_loaded = false, communities_loaded = false;

    static CensusInput load(layers::Workspace& ws);

    /// Frees the grids' and regions' WKB once the grid checks, their only readers, are done:
    /// the checks after them need only the rings (225,000 grids: 45 of a 391 MB peak).
    void release_geometry_wkb();
    /// Frees the grids' rings once the component checks hold their own copy (their point
    /// locator): the checks after them read no grid geometry.
    void release_grid_rings();
};

} // namespace wangge::census
