#include "src/census/census_options.hpp"

#include "src/rules/rules.hpp"

namespace wangge::census {

CensusOptions CensusOptions::from_rules(const rules::Rules& rules, std::string as_of) {
    CensusOptions o;
    o.as_of = std::move(as_of);
    const auto& c = rules.census;
    o.stale_days = c.at("stale_days");
    o.overlap_min_m2 = c.at("overlap_min_m2");
    o.gap_min_m2 = c.at("gap_min_m2");
    o.sliver_min_area_m2 = c.at("sliver_min_area_m2");
    o.sliver_min_compactness = c.at("sliver_min_compactness");
    o.area_min_m2 = c.at("area_min_m2");
    o.area_max_m2 = c.at("area_max_m2");
    o.class_coverage_complete = c.at("class_coverage_complete");
    o.boundary_tolerance_m = c.at("boundary_tolerance_m");
    o.completeness_weights = rules.completeness_weights;
    return o;
}

} // namespace wangge::census
