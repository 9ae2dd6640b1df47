#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::assess {

/// One item a platform is scored on (data/platform_items.txt).
struct PlatformItem {
    std::string id;
    int table = 1; ///< 1 平台建设与日常管理, 2 运行管理
    double max_points = 0;
    bool computed = false; ///< from the workspace; otherwise from the checklist
    std::optional<double> target;
    std::string name; ///< 名称
    std::string how;  ///< how it scores
};

/// The items, in the file's order. Throws InputError naming file and line for a malformed line,
/// an id given twice, a computed id wangge does not know, or a computed item without the target
/// its computation needs.
std::vector<PlatformItem> load_platform_items(const std::string& path);

/// The ids of the computed items wangge knows, and whether each needs a target.
const std::map<std::string, bool>& computed_platform_items();

/// One platform's checklist for one period: the points awarded for the items the data cannot
/// show (`key = value` lines, # comments).
struct Checklist {
    std::string platform;              ///< `platform = CODE`: the city's or a district's code
    std::optional<std::string> period; ///< `period = …`, when given
    int period_line = 0;
    std::map<std::string, double> points;
    std::map<std::string, int> lines; ///< where each item was given
};

/// Reads a checklist. Throws InputError naming file and line for an unknown item, a computed one,
/// points below zero or over the item's maximum, an item given twice, a line that is not
/// `key = value`, and for a file without a `platform` line.
Checklist load_checklist(const std::string& path, const std::vector<PlatformItem>& items);

} // namespace wangge::assess
