#include "src/assess/platform_checklist.hpp"

#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/text.hpp"

#include <algorithm>

#include <charconv>
#include <fstream>
#include <set>

namespace wangge::assess {
namespace {

std::string trim(std::string_view s) {
    return std::string(layers::trim(s));
}

std::optional<double> number(const std::string& s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

/// The file's lines without comments; throws InputError when it cannot be read.
std::vector<std::string> read_lines(const std::string& path, const char* what) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot read the " + what);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        if (out.empty() && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3); // a BOM from Notepad
        out.push_back(line);
    }
    return out;
}

/// The line without a # comment, trimmed.
std::string content(const std::string& line) {
    return trim(line.substr(0, line.find('#')));
}

std::string where(const std::string& path, std::size_t line) {
    return path + ":" + std::to_string(line + 1) + ": ";
}

} // namespace

const std::map<std::string, bool>& computed_platform_items() {
    static const std::map<std::string, bool> ids{{"collectors_per_grid", true}, {"collection_hours", true},
                                                 {"operator_duty", false},      {"census_done", true},
                                                 {"census_updated", true},      {"operation_accuracy", true},
                                                 {"operation_timeouts", true},  {"supervision", false},
                                                 {"suspended", true},           {"collection_volume", true}};
    return ids;
}

std::vector<PlatformItem> load_platform_items(const std::string& path) {
    std::vector<PlatformItem> items;
    std::set<std::string> seen;
    auto lines = read_lines(path, "platform items");
    for (std::size_t n = 0; n < lines.size(); ++n) {
        std::string line = trim(lines[n]);
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        for (std::size_t start = 0;;) {
            std::size_t bar = line.find('|', start);
            f.push_back(trim(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        if (f.size() != 7)
            throw InputError(where(path, n) +
                             "expected 7 fields separated by | (id | table | points | source | "
                             "target | 名称 | how it scores), found " +
                             std::to_string(f.size()));
        PlatformItem it;
        it.id = f[0];
        if (it.id.empty()) throw InputError(where(path, n) + "an item needs an id");
        if (!seen.insert(it.id).second)
            throw InputError(where(path, n) + "item " + it.id + " is given twice");
        if (f[1] != "1" && f[1] != "2")
            throw InputError(where(path, n) + it.id +
                             ": table must be 1 (平台建设与日常管理) or 2 (运行管理), not '" + f[1] + "'");
        it.table = f[1] == "1" ? 1 : 2;
        auto points = number(f[2]);
        if (!points || *points <= 0)
            throw InputError(where(path, n) + it.id + ": points must be a number above 0, not '" + f[2] +
                             "'");
        it.max_points = *points;
        if (f[3] != "checklist" && f[3] != "computed")
            throw InputError(where(path, n) + it.id + ": source must be checklist or computed, not '" + f[3] +
                             "'");
        it.computed = f[3] == "computed";
        if (!f[4].empty()) {
            it.target = number(f[4]);
            if (!it.target || *it.target < 0)
                throw InputError(where(path, n) + it.id + ": target must be a number of 0 or more, not '" +
                                 f[4] + "'");
        }
        if (it.computed) {
            auto known = computed_platform_items().find(it.id);
            if (known == computed_platform_items().end()) {
                std::string list;
                for (const auto& [id, _] : computed_platform_items()) list += (list.empty() ? "" : ", ") + id;
                throw InputError(where(path, n) + it.id +
                                 ": wangge computes no item of that name (it computes " + list + ")");
            }
            if (known->second && !it.target) throw InputError(where(path, n) + it.id + ": needs a target");
        }
        it.name = f[5];
        it.how = f[6];
        items.push_back(std::move(it));
    }
    if (items.empty()) throw InputError(path + ": no platform item in the file");
    return items;
}

Checklist load_checklist(const std::string& path, const std::vector<PlatformItem>& items) {
    Checklist c;
    auto lines = read_lines(path, "checklist");
    for (std::size_t n = 0; n < lines.size(); ++n) {
        std::string line = content(lines[n]);
        if (line.empty()) continue;
        std::size_t eq = line.find('=');
        if (eq == std::string::npos)
            throw InputError(where(path, n) + "expected `item = points`, found '" + layers::printable(line) +
                             "'");
        std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        if (key == "platform") {
            if (!layers::all_digits(value) || value.size() != 6)
                throw InputError(where(path, n) + "platform must be a 6-digit city or district code, not '" +
                                 layers::printable(value) + "'");
            c.platform = value;
            continue;
        }
        if (key == "period") {
            c.period = value;
            c.period_line = static_cast<int>(n + 1);
            continue;
        }
        auto it =
            std::find_if(items.begin(), items.end(), [&](const PlatformItem& i) { return i.id == key; });
        if (it == items.end())
            throw InputError(where(path, n) + "unknown item '" + layers::printable(key) +
                             "' (the items are those of the platform items file)");
        if (it->computed)
            throw InputError(where(path, n) + key +
                             " is computed from the workspace, not given in a checklist");
        if (c.points.count(key)) throw InputError(where(path, n) + key + " is given twice");
        auto points = number(value);
        if (!points)
            throw InputError(where(path, n) + key + ": points must be a number, not '" +
                             layers::printable(value) + "'");
        if (*points < 0) throw InputError(where(path, n) + key + ": points below 0");
        if (*points > it->max_points + 1e-9) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "%s: %g points over the item's maximum of %g", key.c_str(),
                          *points, it->max_points);
            throw InputError(where(path, n) + buf);
        }
        c.points[key] = *points;
        c.lines[key] = static_cast<int>(n + 1);
    }
    if (c.platform.empty())
        throw InputError(path +
                         ": no `platform = CODE` line: which platform (the city's or a district's code) "
                         "does the checklist score?");
    return c;
}

} // namespace wangge::assess
