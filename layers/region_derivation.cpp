#include "layers/region_derivation.hpp"

#include "geo/geometry_ops.hpp"
#include "geo/parallel.hpp"

#include <algorithm>
#include <map>

namespace wangge::layers {

std::vector<RegionShape> derive_level(std::span<const RegionShape> children, Level parent) {
    std::map<std::string, std::vector<std::string>> groups;
    for (const RegionShape& child : children) {
        auto code = parent_code(child.code, parent);
        if (code && code->size() < child.code.size()) groups[*code].push_back(child.wkb);
    }
    std::vector<RegionShape> out;
    out.reserve(groups.size());
    std::vector<const std::vector<std::string>*> parts;
    for (auto& [code, wkbs] : groups) {
        out.push_back({code, {}});
        parts.push_back(&wkbs);
    }

    parallel_for(out.size(), [&](std::size_t i) { out[i].wkb = geo::union_polygons(*parts[i]); });
    return out;
}

std::map<Level, std::vector<RegionShape>>
derive_missing_levels(std::vector<RegionShape> grids,
                      const std::map<Level, std::vector<RegionShape>>& loaded) {
    std::map<Level, std::vector<RegionShape>> derived;
    std::vector<RegionShape> children = std::move(grids);
    for (Level level : {Level::community, Level::street, Level::district}) {
        if (auto it = loaded.find(level); it != loaded.end()) {
            children = it->second;
            continue;
        }
        std::vector<RegionShape> shapes = derive_level(children, level);
        derived[level] = shapes;
        children = std::move(shapes);
    }
    return derived;
}

} // namespace wangge::layers
