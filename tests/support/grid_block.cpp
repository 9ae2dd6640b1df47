#include "tests/support/grid_block.hpp"

#include "layers/schema.hpp"
#include "tests/support/test_support.hpp"

namespace wangge::test {

void import_grid_block(const std::string& uri, int columns, int rows, layers::ReplaceMode mode,
                       const std::string& district, double x0, double y0,
                       const std::function<std::string(int, int)>& code_of) {
    auto ws = layers::open_workspace(uri);
    auto tx = ws->begin_import({layers::LayerKind::grids, mode, "test", std::nullopt});
    const auto& s = layers::schema_of(layers::LayerKind::grids);
    long long row = 0;
    for (int i = 0; i < columns; ++i)
        for (int j = 0; j < rows; ++j) {
            layers::Record r;
            r.values.resize(s.fields.size());
            r.values[s.index("code")] = code_of(i, j);
            r.values[s.index("district")] = district;
            const double x = x0 + i * 100.0, y = y0 + j * 100.0;
            r.wkb = rect_wkb(x, y, x + 100, y + 100);
            r.row = ++row;
            tx->add(r);
        }
    layers::CommitOptions options; // a district import replaces that district's earlier rows
    if (mode == layers::ReplaceMode::districts) {
        options.districts = {district};
        options.home = district;
    }
    tx->commit(options);
}

} // namespace wangge::test
