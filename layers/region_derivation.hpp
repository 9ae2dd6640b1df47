#pragma once

#include "layers/codes.hpp"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace wangge::layers {

struct RegionShape {
    std::string code;
    std::string wkb;
};

/// Derives the regions of `parent` as the union of their children grouped by code prefix
/// (domain.md §1: a level that is not loaded is the union of its children). Children whose code
/// names no region at that level are left out. Groups are unioned on all cores; the result is
/// sorted by code.
std::vector<RegionShape> derive_level(std::span<const RegionShape> children, Level parent);

/// Derives every upper level that is not loaded, bottom up: communities from grids, streets from
/// communities (loaded or derived), districts from streets. `loaded` holds the levels loaded from
/// files; the result holds only the derived levels. Pure computation, safe on any thread.
std::map<Level, std::vector<RegionShape>>
derive_missing_levels(std::vector<RegionShape> grids,
                      const std::map<Level, std::vector<RegionShape>>& loaded);

} // namespace wangge::layers
