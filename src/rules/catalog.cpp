#include "src/rules/catalog.hpp"

#include "geo/error.hpp"
#include "src/rules/csv_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace wangge::rules {
namespace {

bool digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

Catalog Catalog::load(const std::string& path) {
    CsvTable t = read_csv(path);
    const std::size_t c_kind = t.column("kind"), c_code = t.column("code"), c_major = t.column("major_name"),
                      c_name = t.column("name"), c_acc = t.column("accuracy"),
                      c_hours = t.column("limit_hours"), c_clock = t.column("limit_clock");
    Catalog cat;
    std::set<std::pair<int, std::string>> seen;
    for (const auto& row : t.rows) {
        auto fail = [&](const std::string& why) {
            throw InputError(path + " line " + std::to_string(row.line) + ": " + why);
        };
        ClassEntry e;
        const auto& k = row.cells[c_kind];
        if (k == "component")
            e.kind = ClassKind::component;
        else if (k == "event")
            e.kind = ClassKind::event;
        else
            fail("kind '" + k + "' is neither component nor event");
        e.code = row.cells[c_code];
        if (!digits(e.code) || (e.code.size() != 4 && e.code.size() != 5))
            fail("code '" + e.code + "' is not 4 or 5 digits (major + minor class)");
        e.major_name = row.cells[c_major];
        e.name = row.cells[c_name];
        if (e.name.empty()) fail("the class has no name");
        const auto& acc = row.cells[c_acc];
        if (e.kind == ClassKind::component) {
            if (acc != "A" && acc != "B" && acc != "C") fail("accuracy '" + acc + "' is not A, B or C");
            e.accuracy = acc[0];
        } else if (!acc.empty()) {
            fail("an event class has no location accuracy class");
        }
        const auto& hours = row.cells[c_hours];
        char* end = nullptr;
        e.limit_hours = std::strtod(hours.c_str(), &end);
        if (hours.empty() || *end != '\0' || !(e.limit_hours > 0))
            fail("limit_hours '" + hours + "' is not a positive number");
        const auto& clock = row.cells[c_clock];
        if (clock == "working")
            e.clock = Clock::working;
        else if (clock == "natural")
            e.clock = Clock::natural;
        else
            fail("limit_clock '" + clock + "' is neither working nor natural");
        if (!seen.emplace(static_cast<int>(e.kind), e.code).second)
            fail(k + " class " + e.code + " is listed twice");
        cat.m_index.emplace(std::make_pair(e.kind, e.code), cat.m_entries.size());
        cat.m_entries.push_back(std::move(e));
    }
    if (cat.m_entries.empty()) throw InputError(path + ": the catalogue lists no class");
    return cat;
}

const ClassEntry* Catalog::find(ClassKind kind, std::string_view code) const {
    // Called for every one of millions of components and cases.
    auto it = m_index.find(std::make_pair(kind, std::string(code)));
    if (it != m_index.end()) return &m_entries[it->second];
    // GB/T 47678.5 minor classes have 3 digits; where the catalogue has no 5-digit entry, minor
    // class 0NN is the 2-digit class NN of GB/T 30428.2 (domain.md §2: 01001 is 0101).
    if (code.size() == 5 && code[2] == '0') {
        std::string four{code.substr(0, 2)};
        four += code.substr(3, 2);
        it = m_index.find(std::make_pair(kind, four));
        if (it != m_index.end()) return &m_entries[it->second];
    }
    return nullptr;
}

std::size_t Catalog::count(ClassKind kind) const {
    return static_cast<std::size_t>(std::count_if(m_entries.begin(), m_entries.end(),
                                                  [&](const ClassEntry& e) { return e.kind == kind; }));
}

double Catalog::accuracy_metres(char accuracy_class) {
    switch (accuracy_class) {
    case 'A':
        return 0.5;
    case 'B':
        return 1.0;
    case 'C':
        return 10.0;
    default:
        return 0.0;
    }
}

} // namespace wangge::rules
