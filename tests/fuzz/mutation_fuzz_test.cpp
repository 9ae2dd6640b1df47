// Bounded, seeded mutation fuzzing of the parsers that read bytes from outside: WKB (workspace
// blobs), dates and timestamps (every imported row), periods (the command line) and CSV (rules
// and calendars). Each input must either parse or be refused with Wangge's own error type, never
// crash, hang or throw anything else. Run under -DWANGGE_SANITIZE=ON in CI, where a memory error
// or undefined behaviour ends the test.

#include "geo/error.hpp"
#include "geo/polygon.hpp"
#include "geo/wkb.hpp"
#include "layers/dates.hpp"
#include "src/assess/period.hpp"
#include "src/rules/csv_reader.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace wangge;

namespace {

/// Byte-level mutations in the manner of libFuzzer's: flips, inserts, erases, copies and
/// "interesting" values (0, 0xff, counts near 2^31) at random places. Deterministic for a seed.
class Mutator {
public:
    explicit Mutator(std::uint64_t seed) : m_rng(seed) {}

    std::string operator()(std::string s) {
        const int steps = 1 + pick(6);
        for (int i = 0; i < steps; ++i) step(s);
        return s;
    }

private:
    int pick(int n) { return static_cast<int>(m_rng() % static_cast<std::uint64_t>(n)); }
    std::size_t where(const std::string& s) { return s.empty() ? 0 : m_rng() % s.size(); }

    void step(std::string& s) {
        static const std::string interesting[] = {std::string(1, '\0'),
                                                  "\xff",
                                                  "\x7f",
                                                  "\x80",
                                                  std::string("\xff\xff\xff\x7f", 4),
                                                  std::string("\0\0\0\x80", 4),
                                                  std::string("\xff\xff\xff\xff", 4),
                                                  "-",
                                                  ":",
                                                  "..",
                                                  "\"",
                                                  ",",
                                                  "\n",
                                                  "9",
                                                  "0"};
        switch (pick(6)) {
        case 0:
            if (!s.empty()) s[where(s)] ^= static_cast<char>(1 << pick(8));
            break;
        case 1:
            s.insert(where(s), 1, static_cast<char>(m_rng()));
            break;
        case 2:
            if (!s.empty()) s.erase(where(s), 1 + m_rng() % 8);
            break;
        case 3:
            if (!s.empty()) {
                std::size_t from = where(s), n = 1 + m_rng() % 16;
                s.insert(where(s), s.substr(from, n));
            }
            break;
        case 4: {
            const std::string& v = interesting[pick(static_cast<int>(std::size(interesting)))];
            std::size_t at = where(s);
            if (pick(2) && at + v.size() <= s.size())
                s.replace(at, v.size(), v);
            else
                s.insert(at, v);
            break;
        }
        default:
            s.resize(where(s));
        }
    }

    std::mt19937_64 m_rng;
};

template <typename Seeds, typename Fn>
void fuzz(const Seeds& seeds, int iterations, std::uint64_t seed, Fn&& fn) {
    Mutator mutate(seed);
    for (int i = 0; i < iterations; ++i) {
        const std::string& base = seeds[static_cast<std::size_t>(i) % std::size(seeds)];
        std::string input = mutate(base);
        try {
            fn(input);
        } catch (const Error&) {
            // refused in Wangge's own words: fine
        } catch (const std::exception& e) {
            FAIL() << "iteration " << i << ": " << typeid(e).name() << ": " << e.what();
        }
    }
}

} // namespace

TEST(MutationFuzz, WkbReader) {
    const std::string seeds[] = {
        geo::polygon_wkb({{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{2, 2}, {3, 2}, {3, 3}, {2, 2}}}),
        geo::multipolygon_wkb({{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}),
        // A point: header and 16 bytes of coordinates (appended, not concatenated: GCC 12 warns
        // falsely on operator+ of temporaries inside an array initialiser).
        [] {
            std::string s("\x01\x01\x00\x00\x00", 5);
            s.append(16, '\x40');
            return s;
        }(),
    };
    long long parsed = 0;
    fuzz(seeds, 30000, 7, [&](const std::string& wkb) {
        if (auto p = geo::point_from_wkb(wkb)) (void)p->x;
        geo::PolygonRings rings = geo::PolygonRings::from_wkb(wkb);
        (void)rings.contains({1, 1});
        (void)rings.area();
        (void)rings.interior_point();
        ++parsed;
    });
    EXPECT_GT(parsed, 0); // the mutations leave some inputs valid
}

TEST(MutationFuzz, DateAndTimestampParsers) {
    const std::string seeds[] = {"2026-10-01",
                                 "20261001",
                                 "2026/10/1",
                                 "2026-10-01 08:00",
                                 "2026/10/5 9:05",
                                 "2026-10-01T08:00:00+08:00",
                                 "2026-10-01T00:00:00Z",
                                 "2026-02-29 23:59:59.123"};
    long long parsed = 0;
    fuzz(seeds, 30000, 11, [&](const std::string& text) {
        if (auto d = layers::parse_date(text)) {
            ASSERT_EQ(d->size(), 10u) << text;
            ++parsed;
        }
        if (auto t = layers::parse_timestamp(text)) {
            ASSERT_EQ(t->size(), 19u) << text;
            (void)layers::local_seconds(*t);
        }
    });
    EXPECT_GT(parsed, 0);
}

TEST(MutationFuzz, PeriodParser) {
    const std::string seeds[] = {"2026-10", "2026-Q4", "2026-H2", "2026", "2026-10-01..2026-10-15"};
    fuzz(seeds, 20000, 13, [](const std::string& text) {
        assess::Period p = assess::parse_period(text);
        ASSERT_LT(p.start, p.end) << text;
    });
}

TEST(MutationFuzz, CsvReader) {
    test::TempDir dir;
    const std::string seeds[] = {
        "\xEF\xBB\xBF"
        "kind,code,name\ncomponent,0101,\"上水, 井盖\"\nevent,0102,\"a \"\"b\"\"\"\n",
        "date,type,name\r\n2026-10-01,holiday,国庆节\r\n2026-10-11,workday,调休\r\n"};
    const std::string path = dir.file("f.csv");
    fuzz(seeds, 3000, 17, [&](const std::string& text) {
        test::write_file(path, text);
        rules::CsvTable t = rules::read_csv(path);
        for (const auto& row : t.rows) ASSERT_EQ(row.cells.size(), t.header.size());
    });
}
