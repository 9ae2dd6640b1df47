#pragma once

#include "src/assess/assessment.hpp"

#include <optional>
#include <string>

namespace wangge::assess {

/// The assess JSON of design.md; `level` (district|street|community|grid|all) picks the regions.
std::string assessment_json(const Assessment& a, const std::optional<std::string>& level);

/// One row per region, UTF-8 with BOM and CRLF so that Excel opens the Chinese names; each
/// region's rank within its level (ties shared), every header in Chinese and English.
void write_assessment_csv(const Assessment& a, const std::optional<std::string>& level,
                          const std::string& path);

} // namespace wangge::assess
