#include "layers/dates.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

namespace wangge::cli {

int run_generate(generate::CityOptions o) {
    if (o.as_of.empty()) o.as_of = layers::today_local();
    std::string data = engine::data_dir();
    o.catalog_path = data + "/catalog.csv";
    o.rules_path = data + "/rules.json";
    o.calendar_path = data + "/calendar";
    auto start = std::chrono::steady_clock::now();
    generate::CitySummary s = generate::generate_city(o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "generated in " << o.out_dir << " (" << s.crs << ", as of " << o.as_of << ", " << secs
              << " s):\n"
              << "  " << s.districts << " districts, " << s.streets << " streets, " << s.communities
              << " communities, " << s.grids << " grids\n"
              << "  " << s.components << " components, " << s.cases << " cases, " << s.staff << " staff\n";
    if (o.defects) std::cout << "  " << s.defects << " injected defects listed in defects.csv\n";
    return 0;
}

} // namespace wangge::cli
