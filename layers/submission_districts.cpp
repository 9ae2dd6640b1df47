#include "layers/submission_districts.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::layers {

SubmissionDistricts decide_submission_districts(const std::map<std::string, long long>& by_district,
                                                long long rows, double rows_per_grid,
                                                const std::string& path) {
    const double threshold =
        std::max({1.0, std::ceil(replace_share * static_cast<double>(rows)), std::floor(rows_per_grid)});
    SubmissionDistricts out;
    long long home_rows = 0;
    for (const auto& [district, n] : by_district) {
        if (district.empty()) {
            out.unassigned += n;
        } else if (static_cast<double>(n) >= threshold) {
            out.replaced.push_back(district);
            if (n > home_rows) home_rows = n, out.home = district;
        } else {
            out.foreign[district] = n;
        }
    }
    if (out.replaced.empty())
        throw InputError(path + ": no district's codes hold " +
                         std::to_string(static_cast<long long>(threshold)) + " or more of its " +
                         std::to_string(rows) +
                         " rows, so it is no district's submission; give the district with --district");
    return out;
}

SubmissionDistricts given_submission_district(const std::string& district,
                                              const std::map<std::string, long long>& by_district) {
    SubmissionDistricts out;
    out.replaced = {district};
    out.home = district;
    for (const auto& [d, n] : by_district) {
        if (d.empty())
            out.unassigned += n;
        else if (d != district)
            out.foreign[d] = n;
    }
    return out;
}

} // namespace wangge::layers
