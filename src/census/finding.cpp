#include "src/census/finding.hpp"

namespace wangge::census {

const std::vector<RuleInfo>& census_rules() {
    static const std::vector<RuleInfo> rules = {
        {"grid.invalid_geometry", Severity::error},
        {"grid.bad_code", Severity::error},
        {"grid.duplicate_code", Severity::error},
        {"grid.legacy_code", Severity::warning},
        {"grid.outside_parent", Severity::error},
        {"grid.overlap", Severity::error},
        {"grid.gap", Severity::error},
        {"grid.sliver", Severity::error},
        {"grid.area_out_of_range", Severity::warning},
        {"component.bad_code", Severity::error},
        {"component.duplicate_code", Severity::error},
        {"component.unknown_class", Severity::error},
        {"component.district_mismatch", Severity::error},
        {"component.missing_attribute", Severity::error},
        {"component.unknown_grid", Severity::error},
        {"component.misplaced", Severity::error},
        {"component.bad_date", Severity::error},
        {"component.invalid_geometry", Severity::error},
        {"component.stale", Severity::warning},
    };
    return rules;
}

const char* severity_name(Severity s) {
    return s == Severity::error ? "error" : "warning";
}

} // namespace wangge::census
