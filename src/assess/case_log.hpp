#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::layers {
class Workspace;
}
namespace wangge::rules {
class Catalog;
class WorkingCalendar;
struct Rules;
} // namespace wangge::rules

namespace wangge::assess {

enum class Source : std::uint8_t { other, collector, public_report, inspector };
enum class Feedback : std::uint8_t { none, satisfied, basic, unsatisfied };

/// One case of the log (domain.md §3), compact: times are seconds since 1970-01-01 00:00
/// Asia/Shanghai, 0 when the step has not happened; people and departments are interned ids
/// (0 = nobody).
struct Case {
    long long reported = 0, verify_sent = 0, verified = 0, filed = 0, dispatched = 0, deadline = 0,
              disposed = 0, check_sent = 0, checked = 0, closed = 0;
    int grid = -1; ///< index into CaseLog::grids, -1 when the case lies in no grid
    int rework = 0;
    Source source = Source::other;
    Feedback feedback = Feedback::none;
    bool voided = false, supervised = false, suspended = false;
    bool grid_mismatch = false; ///< the given grid_code is not the grid it lies in
    /// The computed deadline runs through a year the calendar has no file for: Monday–Friday
    /// without holidays was assumed there (domain.md §6).
    bool deadline_assumed = false;
    std::uint32_t reporter = 0, verifier = 0, filer = 0, dispatcher = 0, checker = 0, dept = 0;
};

struct GridInfo {
    std::string code;
    bool busy = false; ///< 二类 area (domain.md §5.3)
};

/// A person's post (domain.md §7), as the roster's `role` column holds it after import. `none`:
/// not in the roster and did no work that names a post. (`operator` is a keyword.)
enum class Role : std::uint8_t { none, collector, operator_, inspector };

/// "collector", "operator", "inspector"; "" for none. The key of JSON and of the roster column.
const char* role_key(Role role);
/// The post of a roster value; none for anything else.
Role role_of(std::string_view key);

struct RosterEntry {
    std::string person_id, name;
    Role role = Role::none;
    std::vector<int> grids; ///< indices into CaseLog::grids
    std::string shift;      ///< as the roster gives it: "night", 夜班, "08:00-14:30", …
};

/// The case log located in its grids, with deadlines filled in. Loaded once per run.
struct CaseLog {
    std::vector<GridInfo> grids;
    std::map<std::string, std::string> region_names; ///< code → name, every level
    std::vector<Case> cases;
    std::vector<std::string> ids{""}; ///< interned person and department ids; 0 is nobody
    std::vector<RosterEntry> roster;
    long long unlocated = 0;     ///< cases in no grid
    long long grid_mismatch = 0; ///< cases whose given grid_code is not the grid they lie in
    /// For each grid, the grids sharing an edge or a corner with it (indices into grids).
    std::vector<std::vector<std::uint32_t>> grid_neighbours;
    long long deadlines_computed = 0;
    /// Grids whose stored polygon cannot be used ("grids fid 12 (440303001001001): no
    /// geometry"): no case is located in them.
    std::vector<std::string> unusable_grids;

    /// Reads grids, regions, cases and roster; locates every case (on all cores) and computes
    /// missing deadlines from the catalogue's limits on the working calendar (domain.md §6).
    /// Throws InputError when the workspace holds no grids.
    static CaseLog load(layers::Workspace& ws, const rules::Catalog& catalog,
                        const rules::WorkingCalendar& calendar, const rules::Rules& rules);
};

} // namespace wangge::assess
