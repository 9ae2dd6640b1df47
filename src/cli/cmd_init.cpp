#include "geo/crs.hpp"
#include "layers/store.hpp"
#include "src/cli/commands.hpp"

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace wangge::cli {

bool interactive() {
    return isatty(STDOUT_FILENO) != 0;
}

int run_init(const InitArgs& a) {
    auto ws = layers::create_workspace(a.workspace, a.crs);
    std::cout << "created workspace " << ws->uri();
    if (ws->crs())
        std::cout << " in " << *ws->crs() << " (" << geo::describe_crs(*ws->crs()).name << ")";
    else
        std::cout << "; its CRS will follow the first layer imported";
    std::cout << "\n";
    return 0;
}

} // namespace wangge::cli
