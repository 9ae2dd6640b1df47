#include "layers/region_derivation.hpp"

#include "geo/geometry_ops.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>

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

    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < out.size() && !failed; i = next++)
                out[i].wkb = geo::union_polygons(*parts[i]);
        } catch (...) {
            if (!failed.exchange(true)) failure = std::current_exception();
        }
    };
    unsigned n = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
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
