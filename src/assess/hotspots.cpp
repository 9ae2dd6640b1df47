#include "src/assess/hotspots.hpp"

#include <cmath>

namespace wangge::assess {

std::vector<std::optional<double>>
getis_ord_gi_star(std::span<const double> x, const std::vector<std::vector<std::uint32_t>>& neighbours) {
    const std::size_t n = x.size();
    std::vector<std::optional<double>> z(n);
    if (n < 3) return z;
    double sum = 0, sum2 = 0;
    for (double v : x) sum += v, sum2 += v * v;
    const double dn = static_cast<double>(n);
    const double mean = sum / dn;
    const double var = sum2 / dn - mean * mean;
    if (!(var > 0)) return z;
    const double s = std::sqrt(var);
    for (std::size_t i = 0; i < n; ++i) {
        double local = x[i];
        double w = 1;
        if (i < neighbours.size())
            for (std::uint32_t j : neighbours[i])
                if (j < n) local += x[j], w += 1;
        double spread = (dn * w - w * w) / (dn - 1);
        if (!(spread > 0)) continue;
        z[i] = (local - mean * w) / (s * std::sqrt(spread));
    }
    return z;
}

std::string hotspot_class(const std::optional<double>& z) {
    if (!z) return "not_significant";
    const double a = std::fabs(*z);
    const char* side = *z > 0 ? "hot_" : "cold_";
    if (a >= 2.576) return std::string(side) + "99";
    if (a >= 1.960) return std::string(side) + "95";
    if (a >= 1.645) return std::string(side) + "90";
    return "not_significant";
}

const std::vector<HotspotClass>& hotspot_classes() {
    static const std::vector<HotspotClass> all{
        {"hot_99", "#d62f27", "热点（99% 置信）"},  {"hot_95", "#ed7551", "热点（95% 置信）"},
        {"hot_90", "#fab984", "热点（90% 置信）"},  {"not_significant", "#f7f7f7", "不显著"},
        {"cold_90", "#c0ccbe", "冷点（90% 置信）"}, {"cold_95", "#849eba", "冷点（95% 置信）"},
        {"cold_99", "#4575b5", "冷点（99% 置信）"},
    };
    return all;
}

} // namespace wangge::assess
