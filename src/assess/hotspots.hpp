#pragma once

// Hot spot analysis of the period's filed cases per grid: Getis-Ord Gi* (Getis & Ord 1992; Ord &
// Getis 1995) with binary contiguity weights — a grid and the grids sharing an edge or a corner
// with it — and the usual confidence classes of its z-score.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wangge::assess {

/// Gi* z-scores: for each i, (Σⱼ wᵢⱼxⱼ − x̄ Wᵢ) / (S √((n Wᵢ − Wᵢ²) / (n − 1))), where j runs over
/// i and its neighbours (wᵢⱼ = 1), Wᵢ their count, x̄ and S the mean and standard deviation of
/// all n values. nullopt where undefined (fewer than 3 values, all equal, or i neighbours all).
std::vector<std::optional<double>>
getis_ord_gi_star(std::span<const double> values, const std::vector<std::vector<std::uint32_t>>& neighbours);

/// hot_99, hot_95, hot_90 (z ≥ 2.576, 1.960, 1.645), cold_99 … cold_90 symmetrically, else
/// not_significant (also for an undefined z).
std::string hotspot_class(const std::optional<double>& z);

/// The classes in map order, with their colours and Chinese labels (ArcGIS's hot spot palette).
struct HotspotClass {
    const char* id;
    const char* colour;
    const char* label;
};
const std::vector<HotspotClass>& hotspot_classes();

} // namespace wangge::assess
