#pragma once

#include <map>
#include <string>
#include <vector>

namespace wangge::layers {

/// Which districts' census a grid or component file replaces, decided from the file alone.
struct SubmissionDistricts {
    std::vector<std::string> replaced;        ///< districts whose earlier rows the file replaces
    std::string home;                         ///< the district given to every other row
    std::map<std::string, long long> foreign; ///< rows whose code names a district not replaced
    long long unassigned = 0;                 ///< rows whose code names no district
};

/// Share of a file's rows a district needs to be replaced by it (a few rows coded for another
/// district are census defects, not that district's submission).
inline constexpr double replace_share = 0.05;

/// Decides the replaced districts of a file without --district: those whose codes name at least
/// `replace_share` of its rows and at least one grid's worth (`rows_per_grid`: 1 for grids, the
/// file's components per grid for components). The others' rows load with the file, labelled
/// with its main district, for `validate` to report. `by_district` counts rows per district
/// their code names ("" for none). Throws InputError naming `path` when no district qualifies.
SubmissionDistricts decide_submission_districts(const std::map<std::string, long long>& by_district,
                                                long long rows, double rows_per_grid,
                                                const std::string& path);

/// With --district: that district is replaced, every row is labelled with it, and rows whose codes
/// name others are counted.
SubmissionDistricts given_submission_district(const std::string& district,
                                              const std::map<std::string, long long>& by_district);

} // namespace wangge::layers
