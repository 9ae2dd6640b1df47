#include "layers/value_normaliser.hpp"

#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"

#include <algorithm>
#include <utility>

namespace wangge::layers {
namespace {

using Synonyms = std::vector<std::pair<std::string, std::vector<std::string>>>;

std::string pick(const Synonyms& table, std::string_view raw, const std::string& where) {
    std::string v = lower_ascii(raw);
    std::string accepted;
    for (const auto& [canonical, words] : table) {
        if (v == canonical) return canonical;
        for (const auto& w : words)
            if (v == lower_ascii(w)) return canonical;
        accepted += (accepted.empty() ? "" : ", ") + canonical;
    }
    throw InputError(where + ": '" + std::string(raw) + "' is not one of " + accepted);
}

const Synonyms case_sources = {
    {"collector", {"监督员", "信息采集员", "采集员", "监督员上报", "1"}},
    {"public", {"市民", "公众", "公众举报", "市民举报", "热线", "12345", "12319", "2"}},
    {"inspector", {"督查员", "督查", "3"}},
    {"other", {"其他", "其它", "9"}},
};
const Synonyms case_kinds = {{"component", {"部件", "1"}}, {"event", {"事件", "2"}}};
const Synonyms satisfactions = {
    {"satisfied", {"满意", "1"}}, {"basic", {"基本满意", "2"}}, {"unsatisfied", {"不满意", "3"}}};
const Synonyms roles = {
    {"collector", {"信息采集员", "监督员", "采集员"}},
    {"operator", {"操作员", "受理员", "值班长", "派遣员"}},
    {"inspector", {"督查员"}},
};
const Synonyms region_classes = {{"一类", {"1", "i", "一类区域", "一"}},
                                 {"二类", {"2", "ii", "二类区域", "二"}}};
const Synonyms booleans = {{"1", {"true", "t", "yes", "y", "是", "-1"}},
                           {"0", {"false", "f", "no", "n", "否"}}};

std::optional<std::string> normalise_enumeration(LayerKind kind, const std::string& name,
                                                 std::string_view raw, const std::string& where) {
    if (kind == LayerKind::cases && name == "source") return pick(case_sources, raw, where);
    if (kind == LayerKind::cases && name == "kind") return pick(case_kinds, raw, where);
    if (kind == LayerKind::cases && name == "satisfaction") return pick(satisfactions, raw, where);
    if (kind == LayerKind::roster && name == "role") return pick(roles, raw, where);
    if (kind == LayerKind::grids && name == "region_class") return pick(region_classes, raw, where);
    if (kind == LayerKind::roster && name == "grids") {
        std::string out;
        for (const auto& code : split_grid_list(raw)) out += (out.empty() ? "" : ",") + code;
        return out;
    }
    if ((kind == LayerKind::cases || kind == LayerKind::components) && name == "grid_code")
        return normalise_grid_code(raw).code;
    return std::string(raw);
}

} // namespace

std::vector<std::string> split_grid_list(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(normalise_grid_code(cur).code);
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ';' || c == ' ' || c == '|' || c == '\t')
            flush();
        else
            cur += c;
    }
    flush();
    return out;
}

std::optional<std::string> normalise_value(LayerKind kind, const FieldSpec& field, std::string_view raw,
                                           const std::string& where) {
    raw = trim(raw);
    if (raw.empty()) return std::nullopt;
    switch (field.type) {
    case FieldType::date: {
        auto d = parse_date(raw);
        if (!d)
            throw InputError(where + ": '" + std::string(raw) +
                             "' is not a date (YYYYMMDD, YYYY-MM-DD or YYYY/MM/DD)");
        return d;
    }
    case FieldType::timestamp: {
        auto t = parse_timestamp(raw);
        if (!t)
            throw InputError(where + ": '" + std::string(raw) +
                             "' is not a date and time (YYYY-MM-DD HH:MM[:SS], hours 00-23, seconds 00-59, "
                             "optionally with a zone)");
        return t;
    }
    case FieldType::integer: {
        std::string_view digits = raw;
        if (auto dot = digits.find('.');
            dot != std::string_view::npos && digits.find_first_not_of('0', dot + 1) == std::string_view::npos)
            digits = digits.substr(0, dot);
        if (!all_digits(digits))
            throw InputError(where + ": '" + std::string(raw) + "' is not a whole number");
        auto n = parse_int(digits);
        if (!n) throw InputError(where + ": '" + std::string(raw) + "' is too large a number");
        return std::to_string(*n);
    }
    case FieldType::boolean:
        return pick(booleans, raw, where);
    case FieldType::text:
        return normalise_enumeration(kind, field.canonical, raw, where);
    }
    return std::string(raw);
}

} // namespace wangge::layers
