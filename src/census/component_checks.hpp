#pragma once

#include "geo/point_locator.hpp"
#include "src/census/census_input.hpp"
#include "src/census/census_options.hpp"
#include "src/census/finding_spool.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::rules {
class Catalog;
}

namespace wangge::census {

/// What the scores need to know of each component after the checks.
struct ComponentFacts {
    std::string district;        ///< the district it counts for (its submission's)
    long grid = -1;              ///< index of the grid its grid_code names, -1 when none
    std::string_view class_code; ///< a catalogue class (the catalogue's text), "" when unknown
    bool complete = false;       ///< no required attribute is empty
    bool fresh = false;          ///< updated within the stale limit before the as-of date
};

/// The component rules of domain.md §8 (GB/T 30428.2 codes and attributes, location accuracy
/// classes, update timeliness). Point location runs on all cores without GEOS: grids are few
/// vertices each, so plain ring tests beat prepared geometries here.
class ComponentChecks {
public:
    /// Indexes the grids for location from their rings, which it keeps its own copy of: the
    /// grids' rings may be let go before run().
    ComponentChecks(const CensusInput& input, const CensusOptions& options, const rules::Catalog& catalog);

    void run(FindingSink& out);
    const std::vector<ComponentFacts>& facts() const noexcept { return m_facts; }

private:
    const CensusInput& m_in;
    const CensusOptions& m_opt;
    const rules::Catalog& m_catalog;
    geo::PointLocator m_locator;
    std::vector<ComponentFacts> m_facts;
};

} // namespace wangge::census
