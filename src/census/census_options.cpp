#include "src/census/census_options.hpp"

namespace wangge::census {

CensusOptions CensusOptions::from_rules(const rules::Rules& rules, std::string as_of) {
    CensusOptions o;
    static_cast<rules::CensusThresholds&>(o) = rules.census;
    o.as_of = std::move(as_of);
    return o;
}

} // namespace wangge::census
