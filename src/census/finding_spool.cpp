#include "src/census/finding_spool.hpp"

#include "geo/error.hpp"
#include "layers/temp_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace wangge::census {
namespace {

std::size_t rule_index(const std::string& rule) {
    const auto& rules = census_rules();
    for (std::size_t i = 0; i < rules.size(); ++i)
        if (rule == rules[i].id) return i;
    throw std::logic_error("a finding of an unknown rule: " + rule);
}

bool is_grid_rule(std::size_t rule) {
    return std::strncmp(census_rules()[rule].id, "grid.", 5) == 0;
}

/// A file with no name: the system removes it when the last descriptor closes, however the
/// process ends.
int unnamed_temp_file() {
    const std::string dir = layers::temp_dir();
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) { // a file system without O_TMPFILE
        std::string path = dir + "/wangge-findings-XXXXXX";
        fd = ::mkstemp(path.data());
        if (fd >= 0) ::unlink(path.c_str());
    }
    if (fd < 0)
        throw BackendError("cannot make a temporary file for the findings in " + dir + ": " +
                           std::strerror(errno) + " (set TMPDIR to a writable folder)");
    return fd;
}

// The record of a finding: its length, then its fields (the rule is the file's).
class FindingRecord {
public:
    void clear() { m_bytes.clear(); }
    const std::string& bytes() const noexcept { return m_bytes; }

    void put(const Finding& f) {
        m_bytes.assign(4, '\0'); // the length, set at the end
        const std::uint8_t flags =
            static_cast<std::uint8_t>((f.severity == Severity::error ? 1 : 0) | (f.area_m2 ? 2 : 0) |
                                      (f.is_point ? 4 : 0) | (f.fid ? 8 : 0) | (f.at ? 16 : 0));
        m_bytes.push_back(static_cast<char>(flags));
        for (const std::string* s : {&f.district, &f.code, &f.other_code, &f.message, &f.wkb}) text(*s);
        number(f.area_m2.value_or(0));
        number(f.x);
        number(f.y);
        raw(f.fid.value_or(0));
        number(f.at ? f.at->x : 0);
        number(f.at ? f.at->y : 0);
        auto size = static_cast<std::uint32_t>(m_bytes.size());
        std::memcpy(m_bytes.data(), &size, 4);
    }

    /// Reads a record (`data` after its length) into `f`, whose rule is set by the caller.
    static void get(const char* data, std::size_t size, Finding& f) {
        const char* end = data + size;
        auto need = [&](std::size_t n) {
            if (static_cast<std::size_t>(end - data) < n)
                throw BackendError("the temporary file of the findings is damaged");
        };
        need(1);
        const auto flags = static_cast<std::uint8_t>(*data++);
        for (std::string* s : {&f.district, &f.code, &f.other_code, &f.message, &f.wkb}) {
            std::uint32_t n = 0;
            need(4);
            std::memcpy(&n, data, 4);
            data += 4;
            need(n);
            s->assign(data, n);
            data += n;
        }
        double values[5]; // area, x, y, then (after the fid) at.x, at.y
        std::int64_t fid = 0;
        need(sizeof values + sizeof fid);
        std::memcpy(values, data, 3 * sizeof(double));
        std::memcpy(&fid, data + 3 * sizeof(double), sizeof fid);
        std::memcpy(values + 3, data + 3 * sizeof(double) + sizeof fid, 2 * sizeof(double));
        f.severity = flags & 1 ? Severity::error : Severity::warning;
        f.area_m2 = flags & 2 ? std::optional<double>(values[0]) : std::nullopt;
        f.is_point = flags & 4;
        f.x = values[1];
        f.y = values[2];
        f.fid = flags & 8 ? std::optional<std::int64_t>(fid) : std::nullopt;
        f.at = flags & 16 ? std::optional<geo::XY>(geo::XY{values[3], values[4]}) : std::nullopt;
    }

private:
    void text(const std::string& s) {
        auto n = static_cast<std::uint32_t>(s.size());
        m_bytes.append(reinterpret_cast<const char*>(&n), 4);
        m_bytes += s;
    }
    void number(double v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void raw(std::int64_t v) { m_bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }

    std::string m_bytes;
};

} // namespace

struct FindingSpool::RuleFile {
    struct Entry {
        std::string key; ///< district, code and other code, '\0' between
        std::uint64_t offset = 0;
        std::uint32_t size = 0;
    };

    explicit RuleFile(bool sorted_) : fd(unnamed_temp_file()), sorted(sorted_) {}
    ~RuleFile() {
        if (fd >= 0) ::close(fd);
    }
    RuleFile(const RuleFile&) = delete;
    RuleFile& operator=(const RuleFile&) = delete;

    void write(const std::string& bytes) {
        if (buffer.size() + bytes.size() > buffer_limit) flush();
        buffer += bytes;
        size += bytes.size();
    }

    void flush() {
        std::size_t done = 0;
        while (done < buffer.size()) {
            ssize_t n =
                ::pwrite(fd, buffer.data() + done, buffer.size() - done, static_cast<off_t>(written + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                throw BackendError("cannot write the findings' temporary file in " + layers::temp_dir() +
                                   ": " + std::strerror(n < 0 ? errno : ENOSPC));
            done += static_cast<std::size_t>(n);
        }
        written += buffer.size();
        buffer.clear();
    }

    void read(std::uint64_t offset, std::size_t length, std::string& out) const {
        out.resize(length);
        std::size_t done = 0;
        while (done < length) {
            ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw BackendError("cannot read the findings' temporary file back");
            done += static_cast<std::size_t>(n);
        }
    }

    static constexpr std::size_t buffer_limit = 1 << 20;
    int fd = -1;
    bool sorted; ///< grid findings: visited in key order
    std::string buffer;
    std::uint64_t size = 0, written = 0;
    std::vector<Entry> entries; ///< of sorted files
    bool entries_in_order = true;
};

FindingSpool::FindingSpool() : m_files(census_rules().size()) {}
FindingSpool::~FindingSpool() = default;
FindingSpool::FindingSpool(FindingSpool&&) noexcept = default;
FindingSpool& FindingSpool::operator=(FindingSpool&&) noexcept = default;

void FindingSpool::add(Finding f) {
    const std::size_t rule = rule_index(f.rule);
    locate_finding(f);
    auto& file = m_files[rule];
    if (!file) file = std::make_unique<RuleFile>(is_grid_rule(rule));
    thread_local FindingRecord record;
    record.put(f);
    if (file->sorted) {
        std::string key = f.district;
        key += '\0';
        key += f.code;
        key += '\0';
        key += f.other_code;
        file->entries.push_back(
            {std::move(key), file->size, static_cast<std::uint32_t>(record.bytes().size())});
        file->entries_in_order = false;
    }
    file->write(record.bytes());
    ++m_total;

    FindingTally& tally = m_tallies[f.district];
    if (tally.by_rule.empty()) tally.by_rule.assign(census_rules().size(), 0);
    ++tally.by_rule[rule];
    ++(f.severity == Severity::error ? tally.errors : tally.warnings);
    if (f.rule == "grid.gap") tally.gap_area_m2 += f.area_m2.value_or(0);
    if (f.rule == "grid.overlap") tally.overlap_area_m2 += f.area_m2.value_or(0);
}

void FindingSpool::keep_district(const std::string& district) {
    m_district = district;
}

std::size_t FindingSpool::size() const noexcept {
    if (!m_district) return m_total;
    auto it = m_tallies.find(*m_district);
    if (it == m_tallies.end()) return 0;
    long long n = 0;
    for (long long c : it->second.by_rule) n += c;
    return static_cast<std::size_t>(n);
}

long long FindingSpool::count(const std::string& rule) const {
    const std::size_t r = rule_index(rule);
    long long n = 0;
    for (const auto& [district, tally] : m_tallies)
        if (!m_district || district == *m_district) n += tally.by_rule[r];
    return n;
}

long long FindingSpool::count(Severity severity) const {
    long long n = 0;
    for (const auto& [district, tally] : m_tallies)
        if (!m_district || district == *m_district)
            n += severity == Severity::error ? tally.errors : tally.warnings;
    return n;
}

void FindingSpool::for_each(const std::function<void(const Finding&)>& visit) const {
    Finding f;
    std::string bytes;
    auto pass = [&] {
        if (!m_district || f.district == *m_district) visit(f);
    };
    for (std::size_t rule = 0; rule < m_files.size(); ++rule) {
        // Reading writes out what is still buffered and puts grid findings in order: the spool's
        // contents do not change.
        RuleFile* file = m_files[rule].get();
        if (!file) continue;
        f.rule = census_rules()[rule].id;
        file->flush();
        if (file->sorted) {
            if (!file->entries_in_order) {
                std::stable_sort(
                    file->entries.begin(), file->entries.end(),
                    [](const RuleFile::Entry& a, const RuleFile::Entry& b) { return a.key < b.key; });
                file->entries_in_order = true;
            }
            for (const RuleFile::Entry& e : file->entries) {
                file->read(e.offset, e.size, bytes);
                FindingRecord::get(bytes.data() + 4, e.size - 4, f);
                pass();
            }
            continue;
        }
        // In file order, a block at a time.
        constexpr std::size_t block = 1 << 20;
        std::uint64_t at = 0;
        while (at < file->size) {
            std::size_t length = static_cast<std::size_t>(std::min<std::uint64_t>(block, file->size - at));
            file->read(at, length, bytes);
            std::size_t p = 0;
            while (p + 4 <= bytes.size()) {
                std::uint32_t size = 0;
                std::memcpy(&size, bytes.data() + p, 4);
                if (size < 4) throw BackendError("the temporary file of the findings is damaged");
                if (p + size > bytes.size()) {
                    if (p == 0) { // a record longer than a block
                        file->read(at, size, bytes);
                        FindingRecord::get(bytes.data() + 4, size - 4, f);
                        pass();
                        p = size;
                    }
                    break;
                }
                FindingRecord::get(bytes.data() + p + 4, size - 4, f);
                pass();
                p += size;
            }
            at += p;
        }
    }
}

std::vector<Finding> FindingSpool::to_vector() const {
    std::vector<Finding> all;
    all.reserve(size());
    for_each([&](const Finding& f) { all.push_back(f); });
    return all;
}

} // namespace wangge::census
