#include "src/assess/case_log.hpp"
#include "src/assess/flat_index.hpp"

#include "geo/contiguity.hpp"
#include "geo/error.hpp"
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

#include <cstdio>
#include <thread>
#include <unordered_map>

namespace wangge::assess {
namespace {

using layers::LayerKind;
using layers::Record;

class Interner {
public:
    explicit Interner(std::vector<std::string>& ids) : m_ids(ids) {}
    std::uint32_t operator()(const std::optional<std::string>& s) {
        if (!s || s->empty()) return 0;
        return (*this)(*s);
    }
    std::uint32_t operator()(const std::string& s) {
        int id = m_index.find(s, [&](int i) { return m_ids[static_cast<std::size_t>(i)] == s; });
        if (id >= 0) return static_cast<std::uint32_t>(id);
        id = static_cast<int>(m_ids.size());
        m_ids.push_back(s);
        m_index.insert(s, id);
        return static_cast<std::uint32_t>(id);
    }

private:
    std::vector<std::string>& m_ids;
    FlatIndex m_index;
};

long long when(const std::optional<std::string>& v) {
    return v ? layers::local_seconds(*v) : 0;
}

Source source_of(const std::optional<std::string>& v) {
    if (!v) return Source::other;
    if (*v == "collector") return Source::collector;
    if (*v == "public") return Source::public_report;
    if (*v == "inspector") return Source::inspector;
    return Source::other;
}

Feedback feedback_of(const std::optional<std::string>& v) {
    if (!v) return Feedback::none;
    if (*v == "satisfied") return Feedback::satisfied;
    if (*v == "basic") return Feedback::basic;
    if (*v == "unsatisfied") return Feedback::unsatisfied;
    return Feedback::none;
}

struct Located {
    std::vector<geo::PolygonRings> rings;
    FlatIndex by_code{100000};
};

} // namespace

CaseLog CaseLog::load(layers::Workspace& ws, const rules::Catalog& catalog,
                      const rules::WorkingCalendar& calendar, const rules::Rules& rules) {
    CaseLog log;
    Located loc;
    const auto& gs = layers::schema_of(LayerKind::grids);
    const std::size_t g_code = gs.index("code"), g_class = gs.index("region_class");
    ws.for_each(LayerKind::grids, [&](const Record& r) {
        std::string code = r.values[g_code].value_or("");
        loc.by_code.insert(code, static_cast<int>(log.grids.size()));
        log.grids.push_back({code, r.values[g_class].value_or("") == "二类"});
        auto [rings, problem] = layers::polygon_of(r);
        loc.rings.push_back(std::move(rings)); // empty when unusable: it locates nothing
        if (!problem.empty())
            log.unusable_grids.push_back("grids fid " + std::to_string(r.fid) + " (" + code +
                                         "): " + problem);
    });
    if (log.grids.empty()) throw InputError(ws.uri() + ": the workspace holds no grids; import them first");
    for (LayerKind k : {LayerKind::districts, LayerKind::streets, LayerKind::communities})
        ws.for_each(k, [&](const Record& r) {
            if (r.values[0] && r.values[1]) log.region_names[*r.values[0]] = *r.values[1];
        });

    const auto& cs = layers::schema_of(LayerKind::cases);
    auto ix = [&](const char* f) { return cs.index(f); };
    const std::size_t c_source = ix("source"), c_kind = ix("kind"), c_class = ix("class_code"),
                      c_grid = ix("grid_code"), c_reporter = ix("reporter_id"),
                      c_reported = ix("reported_at"), c_verify_sent = ix("verify_sent_at"),
                      c_verified = ix("verified_at"), c_verifier = ix("verifier_id"),
                      c_filed = ix("filed_at"), c_filer = ix("filer_id"), c_dispatched = ix("dispatched_at"),
                      c_dispatcher = ix("dispatcher_id"), c_dept = ix("dept_code"),
                      c_deadline = ix("deadline"), c_disposed = ix("disposed_at"),
                      c_check_sent = ix("check_sent_at"), c_checked = ix("checked_at"),
                      c_checker = ix("checker_id"), c_closed = ix("closed_at"), c_rework = ix("rework"),
                      c_voided = ix("voided"), c_supervised = ix("supervised"), c_suspended = ix("suspended"),
                      c_satisfaction = ix("satisfaction");
    // Read in slices on all cores; each slice interns its own people, merged afterwards.
    struct Slice {
        std::vector<Case> cases;
        std::vector<geo::XY> points;
        std::vector<int> hints;
        std::vector<std::string> ids{""};
        long long deadlines = 0;
    };
    const unsigned parts = std::max(1u, std::thread::hardware_concurrency());
    std::vector<Slice> slices(parts);
    for (const auto& count : ws.counts())
        if (count.kind == LayerKind::cases)
            for (Slice& sl : slices) {
                auto share = static_cast<std::size_t>(count.rows) / parts + 1024;
                sl.cases.reserve(share), sl.points.reserve(share), sl.hints.reserve(share);
            }
    std::vector<std::unique_ptr<Interner>> interners;
    for (Slice& sl : slices) interners.push_back(std::make_unique<Interner>(sl.ids));
    PhaseTimer timer(4);
    ws.for_each_parallel(LayerKind::cases, parts, [&](unsigned part, const Record& r) {
        Slice& sl = slices[part];
        Interner& intern = *interners[part];
        const auto& v = r.values;
        Case c;
        c.reported = when(v[c_reported]), c.verify_sent = when(v[c_verify_sent]),
        c.verified = when(v[c_verified]);
        c.filed = when(v[c_filed]), c.dispatched = when(v[c_dispatched]), c.deadline = when(v[c_deadline]);
        c.disposed = when(v[c_disposed]), c.check_sent = when(v[c_check_sent]),
        c.checked = when(v[c_checked]);
        c.closed = when(v[c_closed]);
        if (v[c_rework]) {
            auto rework = layers::parse_int(*v[c_rework]);
            // A workspace edited by hand may hold anything here.
            if (!rework || *rework < 0)
                throw InputError(ws.uri() + ": cases fid " + std::to_string(r.fid) + ": rework '" +
                                 *v[c_rework] + "' is not a whole number");
            c.rework = *rework;
        }
        c.voided = v[c_voided] == "1", c.supervised = v[c_supervised] == "1",
        c.suspended = v[c_suspended] == "1";
        c.source = source_of(v[c_source]);
        c.feedback = feedback_of(v[c_satisfaction]);
        c.reporter = intern(v[c_reporter]), c.verifier = intern(v[c_verifier]), c.filer = intern(v[c_filer]);
        c.dispatcher = intern(v[c_dispatcher]), c.checker = intern(v[c_checker]), c.dept = intern(v[c_dept]);
        if (!c.deadline && (c.dispatched || c.filed) && v[c_class]) {
            // The class's limit from the catalogue, on its clock (domain.md §6).
            bool event = v[c_kind] == "event";
            const rules::ClassEntry* cls =
                catalog.find(event ? rules::ClassKind::event : rules::ClassKind::component, *v[c_class]);
            if (!cls && !v[c_kind]) cls = catalog.find(rules::ClassKind::event, *v[c_class]);
            if (cls) {
                long long start = c.dispatched ? c.dispatched : c.filed;
                c.deadline = cls->clock == rules::Clock::natural
                                 ? start + static_cast<long long>(cls->limit_hours * 3600)
                                 : calendar.add_working_hours(start, cls->limit_hours, rules.working_hours);
                c.deadline_assumed = cls->clock != rules::Clock::natural &&
                                     !calendar.covers(layers::year_of(start), layers::year_of(c.deadline));
                ++sl.deadlines;
            }
        }
        const auto& given = v[c_grid];
        int hint =
            given ? loc.by_code.find(
                        *given, [&](int g) { return log.grids[static_cast<std::size_t>(g)].code == *given; })
                  : -1;
        sl.hints.push_back(given && hint < 0 ? -2 : hint);
        sl.points.push_back({r.x, r.y});
        sl.cases.push_back(c);
    });
    Interner intern(log.ids);
    std::vector<geo::XY> points;
    std::vector<int> hints;
    std::size_t total = 0;
    for (const Slice& sl : slices) total += sl.cases.size();
    log.cases.reserve(total), points.reserve(total), hints.reserve(total);
    for (Slice& sl : slices) {
        std::vector<std::uint32_t> global(sl.ids.size(), 0);
        for (std::size_t k = 1; k < sl.ids.size(); ++k) global[k] = intern(sl.ids[k]);
        for (Case& c : sl.cases) {
            for (std::uint32_t* id : {&c.reporter, &c.verifier, &c.filer, &c.dispatcher, &c.checker, &c.dept})
                *id = global[*id];
            log.cases.push_back(c);
        }
        points.insert(points.end(), sl.points.begin(), sl.points.end());
        hints.insert(hints.end(), sl.hints.begin(), sl.hints.end());
        log.deadlines_computed += sl.deadlines;
        Slice().cases.swap(sl.cases);
    }

    timer.lap("read cases");
    // Point location: the given grid first (usually right), else the R-tree.
    geo::PointLocator locator(loc.rings);
    timer.lap("index grids");
    // Neighbours for hot spots; a strip of wobble up to the gap tolerance still joins two grids.
    log.grid_neighbours = geo::queen_neighbours(loc.rings, 0.5);
    timer.lap("grid neighbours");
    constexpr std::size_t chunk = 8192;
    wangge::parallel_for((log.cases.size() + chunk - 1) / chunk, [&](std::size_t k) {
        for (std::size_t i = k * chunk; i < std::min(log.cases.size(), (k + 1) * chunk); ++i)
            log.cases[i].grid = static_cast<int>(locator.locate(points[i], hints[i]));
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
        else if (hints[i] != -1 && hints[i] != log.cases[i].grid) {
            log.cases[i].grid_mismatch = true;
            ++log.grid_mismatch;
        }
    }

    const auto& rs = layers::schema_of(LayerKind::roster);
    ws.for_each(LayerKind::roster, [&](const Record& r) {
        RosterEntry e{r.values[rs.index("person_id")].value_or(""),
                      r.values[rs.index("name")].value_or(""),
                      r.values[rs.index("role")].value_or(""),
                      {},
                      r.values[rs.index("shift")].value_or("")};
        std::string grids = r.values[rs.index("grids")].value_or("");
        for (std::size_t start = 0; start < grids.size();) {
            std::size_t comma = grids.find(',', start);
            std::string code =
                grids.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            int g = loc.by_code.find(
                code, [&](int i) { return log.grids[static_cast<std::size_t>(i)].code == code; });
            if (g >= 0) e.grids.push_back(g);
            start = comma == std::string::npos ? grids.size() : comma + 1;
        }
        log.roster.push_back(std::move(e));
    });
    return log;
}

} // namespace wangge::assess
