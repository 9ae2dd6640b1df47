#pragma once

#include "geo/polygon.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge::census {

enum class Severity { warning, error };

/// One defect of the census (domain.md §8): data, never an exception. Where it is: a polygon (the
/// overlap, the gap, the grid) as WKB, or a point; and the point to look at.
struct Finding {
    std::string rule;
    Severity severity = Severity::error;
    std::string district; ///< the district its feature's code names, else the one holding it
    std::string code;
    std::string other_code;
    std::optional<double> area_m2;
    std::string message;
    std::string wkb; ///< polygonal findings
    bool is_point = false;
    double x = 0, y = 0;
    /// The row of the feature in its workspace table (grids or components): the one to mend.
    std::optional<std::int64_t> fid;
    /// Where the problem is: GEOS's invalidity point, a point inside the overlap, gap or grid, the
    /// component (locate_finding fills what the checks left).
    std::optional<geo::XY> at;
};

struct RuleInfo {
    const char* id;
    Severity severity;
    const char* name; ///< in Chinese, as a district's staff call it (网格重叠 …)
};

/// Every rule of domain.md §8, in report order.
const std::vector<RuleInfo>& census_rules();
/// The Chinese name of a rule id ("" when unknown).
const char* rule_name(const std::string& rule);

/// Gives a finding without a location one: a point inside its polygon, or its point.
void locate_finding(Finding& finding);

const char* severity_name(Severity s);

} // namespace wangge::census
