#pragma once

#include "src/assess/period.hpp"
#include "src/assess/platform_checklist.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wangge::rules {
struct Rules;
}

namespace wangge::assess {

struct CaseLog;

/// What validate and the imports left in the workspace about each district's census.
struct CensusFacts {
    struct District {
        std::string code;
        std::optional<double> completeness_score, timeliness_score; ///< from validate (0–100)
        std::string components_submitted; ///< last components import, Asia/Shanghai local; "" if none
    };
    std::vector<District> districts;
    bool validated = false; ///< a census report is stored
};

struct Figure {
    std::string name;
    double value = 0;
};

/// One item's score and the figures it was computed from.
struct ItemScore {
    PlatformItem item;
    double points = 0;
    std::vector<Figure> figures; ///< computed items only
    std::string note;            ///< why the points are what they are, when not plain
};

/// A platform's scorecard for one period (domain.md §10).
struct PlatformScore {
    std::string platform, name;
    std::string level; ///< "city" or "district"
    std::string period;
    std::vector<ItemScore> items;
    double table_points[2] = {0, 0}, table_max[2] = {0, 0};
    double total = 0, max_total = 0;
    double score = 0; ///< total ÷ maximum × 100
    std::string grade, colour, label;
};

/// Scores a platform: the checklist's items as given, the computed ones from the case log (its
/// roster, cases, operations) and the census facts. The platform is the city (a code ending in 00
/// whose first four digits are the districts') or one of its districts; anything else is an
/// InputError naming the codes it could be.
PlatformScore assess_platform(const CaseLog& log, const Period& period, const rules::Rules& rules,
                              const std::vector<PlatformItem>& items, const Checklist& checklist,
                              const CensusFacts& census);

/// The scorecard as JSON (fractions as fractions, points as points, the score 0–100).
std::string platform_json(const PlatformScore& score);

/// The quarterly report a city sends its districts: one sheet 平台考核 with every item, its points,
/// the figures behind a computed item, the tables' subtotals, the total and the grade.
void write_platform_xlsx(const PlatformScore& score, const std::string& path);

/// The Chinese label of a figure's name ("grids_per_collector" → 人均网格数); the name itself for
/// one it does not know.
std::string figure_label(const std::string& name);

/// Whether a roster's shift text names a night shift: "night", 夜班, or hours that run past midnight
/// ("21:00-08:00").
bool is_night_shift(const std::string& shift);

} // namespace wangge::assess
