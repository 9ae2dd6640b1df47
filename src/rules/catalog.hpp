#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::rules {

enum class ClassKind { component, event };
enum class Clock { working, natural };

/// One class of the component and event catalogue (GB/T 30428.2): its code (major + minor),
/// names, location accuracy class (components) and disposal time limit.
struct ClassEntry {
    ClassKind kind = ClassKind::component;
    std::string code; ///< 4 digits (2-digit minor) or 5 (3-digit minor, GB/T 47678.5)
    std::string major_name;
    std::string name;
    char accuracy = 0;      ///< 'A', 'B', 'C'; 0 for events
    double limit_hours = 0; ///< disposal time limit
    Clock clock = Clock::working;
};

/// The class catalogue: a CSV file (kind,code,major_name,name,accuracy,limit_hours,limit_clock)
/// that cities extend; Wangge never hard-codes minor classes.
class Catalog {
public:
    /// Loads and validates; throws InputError naming file, line and reason.
    static Catalog load(const std::string& path);

    const std::vector<ClassEntry>& entries() const noexcept { return m_entries; }
    /// The class of a 4- or 5-digit code: a 5-digit entry first, then for a 3-digit minor class
    /// 0NN the 2-digit class NN (domain.md §2); nullptr when neither is listed.
    const ClassEntry* find(ClassKind kind, std::string_view code) const;
    std::size_t count(ClassKind kind) const;

    /// Location accuracy of an accuracy class in metres (A 0.5, B 1.0, C 10).
    static double accuracy_metres(char accuracy_class);

private:
    std::vector<ClassEntry> m_entries;
    std::map<std::pair<ClassKind, std::string>, std::size_t, std::less<>> m_index;
};

} // namespace wangge::rules
