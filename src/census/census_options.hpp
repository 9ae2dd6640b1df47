#pragma once

#include "src/rules/rules.hpp"

#include <string>

namespace wangge::census {

/// The census thresholds of domain.md §8 from the rules file, and the day the census is judged at.
struct CensusOptions : rules::CensusThresholds {
    std::string as_of; ///< YYYY-MM-DD

    static CensusOptions from_rules(const rules::Rules& rules, std::string as_of);
};

} // namespace wangge::census
