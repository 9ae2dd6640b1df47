#include "layers/text.hpp"
#include "src/assess/platform.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

#include <cstdio>
#include <iostream>

namespace wangge::cli {

int run_platform(const PlatformArgs& a) {
    engine::PlatformRequest rq;
    rq.workspace = a.workspace;
    rq.period = assess::parse_period(a.period);
    rq.checklist = a.checklist;
    rq.items = a.items;
    rq.json = a.json;
    rq.xlsx = a.xlsx;
    rq.files = engine::RuleFiles::with(a.rules, a.catalog, a.calendar);
    rq.wait_seconds = a.wait;
    assess::PlatformScore s = engine::platform(rq);
    std::cout << "platform " << s.platform << (s.name.empty() ? "" : " " + s.name) << " (" << s.level << "), "
              << s.period << ": " << layers::fixed(s.total, 2) << " of " << layers::fixed(s.max_total, 0)
              << " points, grade " << s.grade << " " << s.label << "\n";
    const char* tables[] = {"平台建设与日常管理", "运行管理"};
    for (int t = 0; t < 2; ++t) {
        std::cout << "  " << tables[t] << " " << layers::fixed(s.table_points[t], 2) << " / "
                  << layers::fixed(s.table_max[t], 0) << "\n";
        for (const auto& item : s.items) {
            if (item.item.table != t + 1) continue;
            char line[160];
            std::snprintf(line, sizeof line, "    %6s / %-3s ", layers::fixed(item.points, 2).c_str(),
                          layers::fixed(item.item.max_points, 0).c_str());
            std::cout << line << pad_display(item.item.name, 22) << " " << item.item.id
                      << (item.note.empty() ? "" : "  (" + item.note + ")") << "\n";
        }
    }
    return 0;
}

} // namespace wangge::cli
