#pragma once

#include "src/census/census_input.hpp"
#include "src/census/census_options.hpp"
#include "src/census/finding_spool.hpp"

#include <vector>

namespace wangge::census {

/// The unit-grid rules of domain.md §8 (GB/T 30428.1 seamless tiling): geometry validity, codes,
/// containment in the parent the code names, overlaps, gaps, slivers and area. Fills in the
/// district of grids whose code is unusable (by location), so run it before the component checks.
class GridChecks {
public:
    GridChecks(CensusInput& input, const CensusOptions& options) : m_in(input), m_opt(options) {}

    /// Appends findings; afterwards flawed()[i] tells whether grid i has an error-level finding.
    void run(FindingSink& out);
    const std::vector<char>& flawed() const noexcept { return m_flawed; }

private:
    void locate_unassigned();
    void check_codes(FindingSink& out);
    void check_geometry(FindingSink& out);
    void check_parents(FindingSink& out);
    void check_overlaps(FindingSink& out);
    void check_gaps(FindingSink& out);
    Finding grid_finding(std::size_t i, const char* rule, Severity severity, std::string message) const;

    CensusInput& m_in;
    const CensusOptions& m_opt;
    std::vector<char> m_flawed;
};

} // namespace wangge::census
