#pragma once

// How the points of a PNG tile are drawn: a case as a small dot, a cluster of cases as a disc that
// grows with its count and has the count written in it. The engine places clusters by these sizes,
// so that no two discs overlap and none is cut by the tile's edge.

#include <string>

namespace wangge::tiles {

/// The largest disc a cluster gets, in 256-px tile pixels.
inline constexpr double max_marker_radius_px = 30;
/// The white outline around every disc, in 256-px tile pixels.
inline constexpr double marker_outline_px = 1;

/// The radius of the disc of a point that stands for `count` cases (1: a single case), in 256-px
/// tile pixels.
double marker_radius_px(long long count);

/// The count written in a cluster's disc: in full below ten thousand, then in 万 and 亿, as
/// Chinese maps and dashboards write large counts ("1.2万", "35万", "2.1亿"). Cut, not rounded: a
/// label never claims more cases than there are.
std::string count_label(long long count);

} // namespace wangge::tiles
