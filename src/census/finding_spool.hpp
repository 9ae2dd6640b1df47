#pragma once

// Findings as the checks find them, kept on disk rather than in memory: a census of a big city with
// a bad submission finds a million of them, and validate's memory must not grow with that. What
// the scores need (counts per district and rule, gap and overlap areas) is tallied as they come.

#include "src/census/finding.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wangge::census {

/// Where the checks put what they find.
class FindingSink {
public:
    virtual ~FindingSink() = default;
    virtual void add(Finding finding) = 0;
};

/// What the district scores need of a district's findings.
struct FindingTally {
    std::vector<long long> by_rule; ///< per census_rules() entry
    long long errors = 0, warnings = 0;
    double gap_area_m2 = 0, overlap_area_m2 = 0;
};

/// Every finding added, each rule's in a temporary file of its own (unlinked: nothing is left
/// behind, whatever ends the process). In memory: the counts, and for grid findings, which the
/// parallel checks find in no fixed order, a sort key and a file offset each.
class FindingSpool final : public FindingSink {
public:
    FindingSpool();
    ~FindingSpool() override;
    FindingSpool(FindingSpool&&) noexcept;
    FindingSpool& operator=(FindingSpool&&) noexcept;

    /// Locates the finding (Finding::at: a point inside its polygon, or its point, where the check
    /// gave none), tallies it and writes it out. Not thread-safe: one adder at a time.
    void add(Finding finding) override;

    /// From now on, size() and for_each() see the findings of this district only (the tallies
    /// keep every district's).
    void keep_district(const std::string& district);

    /// How many findings for_each visits (of the kept district, if any).
    std::size_t size() const noexcept;
    bool empty() const noexcept { return size() == 0; }
    /// Of one rule (of the kept district, if any).
    long long count(const std::string& rule) const;
    /// Of one severity (of the kept district, if any).
    long long count(Severity severity) const;

    /// Visits the findings in report order: by rule, in the order of domain.md §8; grid findings by
    /// district, code and other code; component findings in the order they were added (file
    /// order). One finding is in memory at a time.
    void for_each(const std::function<void(const Finding&)>& visit) const;
    /// Every finding, in report order, in memory: for small reports and tests.
    std::vector<Finding> to_vector() const;

    /// Per district: the tallies of every finding added.
    const std::map<std::string, FindingTally>& tallies() const noexcept { return m_tallies; }

private:
    struct RuleFile;
    std::vector<std::unique_ptr<RuleFile>> m_files; ///< per census_rules() entry
    std::map<std::string, FindingTally> m_tallies;
    std::optional<std::string> m_district;
    std::size_t m_total = 0;
};

} // namespace wangge::census
