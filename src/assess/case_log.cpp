#include "src/assess/case_log.hpp"
#include "src/assess/flat_index.hpp"

#include "geo/contiguity.hpp"
#include "geo/error.hpp"
#include "geo/huge_pages.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"
#include "geo/point_locator.hpp"
#include "geo/polygon.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/record_polygon.hpp"
#include "layers/store.hpp"
#include "layers/text.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <iterator>
#include <span>
#include <thread>
#include <unordered_map>

namespace wangge::assess {
namespace {

using layers::LayerKind;
using layers::Record;
using layers::RecordView;

class Interner {
public:
    explicit Interner(std::vector<std::string>& ids) : m_ids(ids) {}
    std::uint32_t operator()(const std::optional<std::string_view>& s) {
        if (!s || s->empty()) return 0;
        return (*this)(*s);
    }
    std::uint32_t operator()(std::string_view s) {
        int id = m_index.find(s, [&](int i) { return m_ids[static_cast<std::size_t>(i)] == s; });
        if (id >= 0) return static_cast<std::uint32_t>(id);
        id = static_cast<int>(m_ids.size());
        m_ids.emplace_back(s);
        m_index.insert(s, id);
        return static_cast<std::uint32_t>(id);
    }

private:
    std::vector<std::string>& m_ids;
    FlatIndex m_index;
};

using Value = std::optional<std::string_view>;

long long when(const Value& v) {
    return v ? layers::local_seconds(*v) : 0;
}

Source source_of(const Value& v) {
    if (!v) return Source::other;
    if (*v == "collector") return Source::collector;
    if (*v == "public") return Source::public_report;
    if (*v == "inspector") return Source::inspector;
    return Source::other;
}

Feedback feedback_of(const Value& v) {
    if (!v) return Feedback::none;
    if (*v == "satisfied") return Feedback::satisfied;
    if (*v == "basic") return Feedback::basic;
    if (*v == "unsatisfied") return Feedback::unsatisfied;
    return Feedback::none;
}

/// The grids' rings and codes, for locating cases and reading the roster's grid lists.
struct Located {
    std::vector<geo::PolygonRings> rings;
    FlatIndex by_code{100000};

    int find(const CaseLog& log, std::string_view code) const {
        return by_code.find(code, [&](int g) { return log.grids[static_cast<std::size_t>(g)].code == code; });
    }
};

/// The cases' columns, and one case from a row: times, flags, people, and the deadline from the
/// catalogue when the log gives none.
class CaseDecoder {
public:
    CaseDecoder(const layers::Workspace& ws, const rules::Catalog& catalog,
                const rules::WorkingCalendar& calendar, const rules::Rules& rules)
        : m_uri(ws.uri()), m_catalog(catalog), m_calendar(calendar), m_rules(rules) {}

    /// The fields decode reads, in the order of the views it is given.
    static std::span<const std::size_t> fields() {
        static const std::vector<std::size_t> indices = [] {
            std::vector<std::size_t> out;
            for (const char* f : field_names) out.push_back(layers::schema_of(LayerKind::cases).index(f));
            return out;
        }();
        return indices;
    }

    /// Fills c from r (a view of fields()); interns the people with intern; true when the
    /// deadline was computed.
    template <class Intern> bool decode(const layers::RecordView& r, Intern& intern, Case& c) const {
        const auto& v = r.values;
        c.reported = when(v[reported_at]), c.verify_sent = when(v[verify_sent_at]),
        c.verified = when(v[verified_at]);
        c.filed = when(v[filed_at]), c.dispatched = when(v[dispatched_at]), c.deadline = when(v[deadline]);
        c.disposed = when(v[disposed_at]), c.check_sent = when(v[check_sent_at]),
        c.checked = when(v[checked_at]);
        c.closed = when(v[closed_at]);
        if (v[rework]) {
            auto parsed = layers::parse_int(*v[rework]);
            // A workspace edited by hand may hold anything here.
            if (!parsed || *parsed < 0)
                throw InputError(m_uri + ": cases fid " + std::to_string(r.fid) + ": rework '" +
                                 std::string(*v[rework]) + "' is not a whole number");
            c.rework = *parsed;
        }
        c.voided = v[voided] == "1", c.supervised = v[supervised] == "1", c.suspended = v[suspended] == "1";
        c.source = source_of(v[source]);
        c.feedback = feedback_of(v[satisfaction]);
        c.reporter = intern(v[reporter_id]), c.verifier = intern(v[verifier_id]),
        c.filer = intern(v[filer_id]);
        c.dispatcher = intern(v[dispatcher_id]), c.checker = intern(v[checker_id]),
        c.dept = intern(v[dept_code]);
        return !c.deadline && (c.dispatched || c.filed) && v[class_code] && fill_deadline(v, c);
    }

    static const Value& given_grid(const layers::RecordView& r) { return r.values[grid_code]; }

private:
    /// The class's limit from the catalogue, on its clock (domain.md §6).
    bool fill_deadline(std::span<const Value> v, Case& c) const {
        bool event = v[kind] == "event";
        const rules::ClassEntry* cls =
            m_catalog.find(event ? rules::ClassKind::event : rules::ClassKind::component, *v[class_code]);
        if (!cls && !v[kind]) cls = m_catalog.find(rules::ClassKind::event, *v[class_code]);
        if (!cls) return false;
        long long start = c.dispatched ? c.dispatched : c.filed;
        c.deadline = cls->clock == rules::Clock::natural
                         ? start + static_cast<long long>(cls->limit_hours * 3600)
                         : m_calendar.add_working_hours(start, cls->limit_hours, m_rules.working_hours);
        c.deadline_assumed = cls->clock != rules::Clock::natural &&
                             !m_calendar.covers(layers::year_of(start), layers::year_of(c.deadline));
        return true;
    }

    // The fields read, and their places in a view.
    enum Field : std::size_t {
        source,
        kind,
        class_code,
        grid_code,
        reporter_id,
        reported_at,
        verify_sent_at,
        verified_at,
        verifier_id,
        filed_at,
        filer_id,
        dispatched_at,
        dispatcher_id,
        dept_code,
        deadline,
        disposed_at,
        check_sent_at,
        checked_at,
        checker_id,
        closed_at,
        rework,
        voided,
        supervised,
        suspended,
        satisfaction
    };
    static constexpr const char* field_names[] = {
        "source",      "kind",           "class_code",    "grid_code",   "reporter_id",
        "reported_at", "verify_sent_at", "verified_at",   "verifier_id", "filed_at",
        "filer_id",    "dispatched_at",  "dispatcher_id", "dept_code",   "deadline",
        "disposed_at", "check_sent_at",  "checked_at",    "checker_id",  "closed_at",
        "rework",      "voided",         "supervised",    "suspended",   "satisfaction"};

    std::string m_uri;
    const rules::Catalog& m_catalog;
    const rules::WorkingCalendar& m_calendar;
    const rules::Rules& m_rules;
};

/// The cases as read, with where each lies and the grid the log gave it (-1 none, -2 unknown
/// code), before location.
struct ReadCases {
    std::vector<geo::XY> points;
    std::vector<int> hints;
};

void read_grids(layers::Workspace& ws, CaseLog& log, Located& loc) {
    const auto& gs = layers::schema_of(LayerKind::grids);
    const std::size_t fields[] = {gs.index("code"), gs.index("region_class")};
    // Read and made into rings in slices on all cores, then put together in storage order.
    struct Slice {
        std::vector<GridInfo> grids;
        std::vector<geo::PolygonRings> rings;
        std::vector<std::string> unusable;
    };
    std::vector<Slice> slices(std::max(1u, std::thread::hardware_concurrency()));
    ws.scan_parallel(
        LayerKind::grids, fields, static_cast<unsigned>(slices.size()),
        [&](unsigned part, const RecordView& r) {
            Slice& sl = slices[part];
            const std::string& code =
                sl.grids.emplace_back(GridInfo{std::string(r.values[0].value_or("")), r.values[1] == "二类"})
                    .code;
            auto [rings, problem] = layers::polygon_of(r);
            sl.rings.push_back(std::move(rings)); // empty when unusable: it locates nothing
            if (!problem.empty())
                sl.unusable.push_back("grids fid " + std::to_string(r.fid) + " (" + code + "): " + problem);
        });
    std::size_t total = 0;
    for (const Slice& sl : slices) total += sl.grids.size();
    log.grids.reserve(total), loc.rings.reserve(total);
    for (Slice& sl : slices) {
        for (GridInfo& g : sl.grids) {
            loc.by_code.insert(g.code, static_cast<int>(log.grids.size()));
            log.grids.push_back(std::move(g));
        }
        std::move(sl.rings.begin(), sl.rings.end(), std::back_inserter(loc.rings));
        std::move(sl.unusable.begin(), sl.unusable.end(), std::back_inserter(log.unusable_grids));
    }
    if (log.grids.empty()) throw InputError(ws.uri() + ": the workspace holds no grids; import them first");
    for (LayerKind k : {LayerKind::districts, LayerKind::streets, LayerKind::communities})
        ws.for_each(k, [&](const Record& r) {
            if (r.values[0] && r.values[1]) log.region_names[*r.values[0]] = *r.values[1];
        });
}

/// Reads the cases in slices on all cores; each slice interns its own people, merged afterwards
/// in slice order, so the log is the same on any number of cores.
ReadCases read_cases(layers::Workspace& ws, const CaseDecoder& decoder, CaseLog& log, const Located& loc) {
    // A slice's cases go in blocks of their own: a growing vector would copy them at every
    // doubling and touch twice their memory (3 million cases: 0.5 s of page faults and copies).
    constexpr std::size_t block = 1 << 16;
    struct Slice {
        std::vector<std::vector<Case>> cases;
        ReadCases read; ///< a point and a hint per case: their count is the slice's
        std::vector<std::string> ids{""};
        long long deadlines = 0;
    };
    const unsigned parts = std::max(1u, std::thread::hardware_concurrency());
    std::vector<Slice> slices(parts);
    std::vector<std::unique_ptr<Interner>> interners;
    for (Slice& sl : slices) interners.push_back(std::make_unique<Interner>(sl.ids));
    ws.scan_parallel(LayerKind::cases, CaseDecoder::fields(), parts,
                     [&](unsigned part, const layers::RecordView& r) {
                         Slice& sl = slices[part];
                         Case c;
                         if (decoder.decode(r, *interners[part], c)) ++sl.deadlines;
                         const auto& given = decoder.given_grid(r);
                         int hint = given ? loc.find(log, *given) : -1;
                         sl.read.hints.push_back(given && hint < 0 ? -2 : hint);
                         sl.read.points.push_back({r.x, r.y});
                         if (sl.cases.empty() || sl.cases.back().size() == block)
                             reserve_on_huge_pages(sl.cases.emplace_back(), block);
                         sl.cases.back().push_back(c);
                     });

    // Put together in slice order on all cores: each slice's people are interned into the log's
    // first (few thousand names), then each slice copies its cases to its own stretch.
    Interner intern(log.ids);
    std::vector<std::vector<std::uint32_t>> global(slices.size());
    std::vector<std::size_t> offset(slices.size() + 1, 0);
    for (std::size_t s = 0; s < slices.size(); ++s) {
        global[s].assign(slices[s].ids.size(), 0);
        for (std::size_t k = 1; k < slices[s].ids.size(); ++k)
            global[s][k] = intern(std::string_view(slices[s].ids[k]));
        offset[s + 1] = offset[s] + slices[s].read.points.size();
        log.deadlines_computed += slices[s].deadlines;
    }
    const std::size_t total = offset.back();
    ReadCases out;
    resize_on_huge_pages(log.cases, total), resize_on_huge_pages(out.points, total);
    resize_on_huge_pages(out.hints, total);
    wangge::parallel_for(slices.size(), [&](std::size_t s) {
        Slice& sl = slices[s];
        const std::vector<std::uint32_t>& ids = global[s];
        Case* to = log.cases.data() + offset[s];
        for (std::vector<Case>& cases : sl.cases) {
            for (Case& c : cases) {
                for (std::uint32_t* id :
                     {&c.reporter, &c.verifier, &c.filer, &c.dispatcher, &c.checker, &c.dept})
                    *id = ids[*id];
                *to++ = c;
            }
            std::vector<Case>().swap(cases);
        }
        std::copy(sl.read.points.begin(), sl.read.points.end(),
                  out.points.begin() + static_cast<std::ptrdiff_t>(offset[s]));
        std::copy(sl.read.hints.begin(), sl.read.hints.end(),
                  out.hints.begin() + static_cast<std::ptrdiff_t>(offset[s]));
    });
    return out;
}

/// Puts each case in its grid: the given grid first (usually right), else the R-tree; counts the
/// cases in no grid and those whose given grid was not where they lie.
void locate_cases(CaseLog& log, const Located& loc, const ReadCases& read, PhaseTimer& timer) {
    // Neighbours for hot spots (a strip of wobble up to the gap tolerance still joins two grids),
    // found on the other cores while this one indexes the grids for location.
    auto neighbours = std::async(std::launch::async, [&] { return geo::queen_neighbours(loc.rings, 0.5); });
    geo::PointLocator locator(loc.rings);
    timer.lap("index grids", "  (neighbours beside it)");
    log.grid_neighbours = neighbours.get();
    timer.lap("grid neighbours");
    constexpr std::size_t chunk = 8192;
    wangge::parallel_for((log.cases.size() + chunk - 1) / chunk, [&](std::size_t k) {
        const std::size_t from = k * chunk, n = std::min(log.cases.size(), from + chunk) - from;
        std::vector<int> found(n);
        locator.locate(std::span(read.points).subspan(from, n), std::span(read.hints).subspan(from, n),
                       found);
        for (std::size_t i = 0; i < n; ++i) log.cases[from + i].grid = found[i];
    });
    if (timer.enabled()) {
        double secs = timer.lap("locate cases", "");
        double per_core =
            static_cast<double>(log.cases.size()) / secs / std::max(1u, std::thread::hardware_concurrency());
        std::fprintf(stderr, "    (%.1f million points/s per core)\n", per_core / 1e6);
    }
    for (std::size_t i = 0; i < log.cases.size(); ++i) {
        if (log.cases[i].grid < 0)
            ++log.unlocated;
        else if (read.hints[i] != -1 && read.hints[i] != log.cases[i].grid) {
            log.cases[i].grid_mismatch = true;
            ++log.grid_mismatch;
        }
    }
}

void read_roster(layers::Workspace& ws, CaseLog& log, const Located& loc) {
    const auto& rs = layers::schema_of(LayerKind::roster);
    ws.for_each(LayerKind::roster, [&](const Record& r) {
        RosterEntry e{r.values[rs.index("person_id")].value_or(""),
                      r.values[rs.index("name")].value_or(""),
                      role_of(r.values[rs.index("role")].value_or("")),
                      {},
                      r.values[rs.index("shift")].value_or("")};
        std::string grids = r.values[rs.index("grids")].value_or("");
        for (std::size_t start = 0; start < grids.size();) {
            std::size_t comma = grids.find(',', start);
            std::string code =
                grids.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (int g = loc.find(log, code); g >= 0) e.grids.push_back(g);
            start = comma == std::string::npos ? grids.size() : comma + 1;
        }
        log.roster.push_back(std::move(e));
    });
}

} // namespace

const char* role_key(Role role) {
    switch (role) {
    case Role::collector:
        return "collector";
    case Role::operator_:
        return "operator";
    case Role::inspector:
        return "inspector";
    case Role::none:
        break;
    }
    return "";
}

Role role_of(std::string_view key) {
    for (Role r : {Role::collector, Role::operator_, Role::inspector})
        if (key == role_key(r)) return r;
    return Role::none;
}

CaseLog CaseLog::load(layers::Workspace& ws, const rules::Catalog& catalog,
                      const rules::WorkingCalendar& calendar, const rules::Rules& rules) {
    CaseLog log;
    Located loc;
    PhaseTimer timer(4);
    read_grids(ws, log, loc);
    timer.lap("read grids");
    ReadCases read = read_cases(ws, CaseDecoder(ws, catalog, calendar, rules), log, loc);
    timer.lap("read cases");
    locate_cases(log, loc, read, timer);
    read_roster(ws, log, loc);
    timer.lap("read roster");
    return log;
}

} // namespace wangge::assess
