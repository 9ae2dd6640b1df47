#pragma once

#include "src/assess/assessment.hpp"

#include <optional>
#include <string>

namespace wangge {
class JsonWriter;
}

namespace wangge::assess {

/// The assess JSON of design.md, written as it is made: the regions of `level`, or of every level.
void write_assessment_json(const Assessment& a, const std::optional<layers::Level>& level,
                           JsonWriter& writer);

/// One row per region, UTF-8 with BOM and CRLF so that Excel opens the Chinese names; each
/// region's rank within its level (ties shared), every header in Chinese and English.
void write_assessment_csv(const Assessment& a, const std::optional<layers::Level>& level,
                          const std::string& path);

} // namespace wangge::assess
