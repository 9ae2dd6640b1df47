#include "layers/store.hpp"

#include <algorithm>

namespace wangge::layers {

void Workspace::scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                              const std::function<void(unsigned, const RecordView&)>& visit) {
    std::vector<std::vector<std::optional<std::string_view>>> values(std::max(1u, parts));
    for_each_parallel(kind, parts, [&](unsigned part, const Record& r) {
        auto& v = values[part];
        v.resize(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto& value = r.values[fields[i]];
            v[i] = value ? std::optional<std::string_view>(*value) : std::nullopt;
        }
        visit(part, RecordView{.values = v,
                               .wkb = r.wkb,
                               .x = r.x,
                               .y = r.y,
                               .row = r.row,
                               .fid = r.fid,
                               .geometry_problem = r.geometry_problem});
    });
}

} // namespace wangge::layers
