#pragma once

#include "layers/codes.hpp"

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

} // namespace wangge::layers
