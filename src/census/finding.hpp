#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wangge::census {

enum class Severity { warning, error };

/// One defect of the census (domain.md §8): data, never an exception. Where it is: a polygon (the
/// overlap, the gap, the grid) as WKB, or a point.
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
};

struct RuleInfo {
    const char* id;
    Severity severity;
};

/// Every rule of domain.md §8, in report order.
const std::vector<RuleInfo>& census_rules();

const char* severity_name(Severity s);

} // namespace wangge::census
