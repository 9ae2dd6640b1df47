#pragma once

#include <map>
#include <string>

namespace wangge::rules {
struct Rules;
}

namespace wangge::census {

/// The census thresholds of domain.md §8, from the rules file.
struct CensusOptions {
    std::string as_of; ///< YYYY-MM-DD
    double stale_days = 365;
    double overlap_min_m2 = 1;
    double gap_min_m2 = 1;
    double sliver_min_area_m2 = 100;
    double sliver_min_compactness = 0.05;
    double area_min_m2 = 1000;
    double area_max_m2 = 200000;
    double class_coverage_complete = 0.9;
    double boundary_tolerance_m = 0.5;
    std::map<std::string, double> completeness_weights; ///< percent

    static CensusOptions from_rules(const rules::Rules& rules, std::string as_of);
};

} // namespace wangge::census
