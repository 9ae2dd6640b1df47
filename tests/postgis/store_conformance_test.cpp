// Every behaviour of a workspace, through the Workspace interface alone, on both stores: the
// GeoPackage file and a PostGIS schema must answer alike.

#include "layers/store.hpp"
#include "tests/postgis/pg_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace wangge;
using layers::ImportPlan;
using layers::LayerKind;
using layers::Record;
using layers::ReplaceMode;
using layers::ResultTable;

namespace {

/// Values no store may change: quotes, a statement separator, SQL comments, backslashes, tabs,
/// line breaks, COPY's own null marker and Chinese text.
const std::vector<std::string> hostile = {
    "O'Brien'; DROP TABLE grids; --", "back\\slash \\N \\\\", "tab\there", "line\nbreak\r\n",
    "\"双引号\" 与 ‘单引号’",         "$1 $$ E'\\x41'",
};

class StoreConformance : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "postgis") {
            WANGGE_REQUIRE_POSTGIS();
            m_schema = std::make_unique<test::PgSchema>("store");
            m_uri = m_schema->uri();
        } else {
            m_uri = m_dir.file("ws.gpkg");
        }
    }

    std::unique_ptr<layers::Workspace> create() { return layers::create_workspace(m_uri, "EPSG:4547"); }
    std::unique_ptr<layers::Workspace> open() { return layers::open_workspace(m_uri); }

    static Record grid(const std::string& code, double x, double y, const std::string& district) {
        Record r;
        r.values.resize(layers::schema_of(LayerKind::grids).fields.size());
        const auto& s = layers::schema_of(LayerKind::grids);
        r.values[s.index("code")] = code;
        r.values[s.index("name")] = "网格 " + code;
        r.values[s.index("district")] = district;
        r.wkb = test::rect_wkb(x, y, x + 100, y + 100);
        r.row = 1;
        return r;
    }

    static Record component(const std::string& code, const std::string& note, double x, double y) {
        const auto& s = layers::schema_of(LayerKind::components);
        Record r;
        r.values.resize(s.fields.size());
        r.values[s.index("code")] = code;
        r.values[s.index("name")] = "井盖";
        r.values[s.index("note")] = note;
        r.values[s.index("district")] = code.substr(0, 6);
        r.x = x;
        r.y = y;
        return r;
    }

    static void import(layers::Workspace& ws, LayerKind kind, ReplaceMode mode,
                       const std::vector<Record>& rows, const layers::CommitOptions& options = {}) {
        ImportPlan plan;
        plan.kind = kind;
        plan.mode = mode;
        plan.source = "test";
        auto tx = ws.begin_import(plan);
        for (const auto& r : rows) tx->add(r);
        tx->commit(options);
    }

    static std::vector<std::string> codes(layers::Workspace& ws, LayerKind kind) {
        std::vector<std::string> out;
        ws.for_each(kind, [&](const Record& r) { out.push_back(r.values[0].value_or("")); });
        return out;
    }

    test::TempDir m_dir;
    std::unique_ptr<test::PgSchema> m_schema;
    std::string m_uri;
};

} // namespace

TEST_P(StoreConformance, AnImportIsAllOrNothingAndDerivesTheUpperLevels) {
    auto ws = create();
    {
        ImportPlan plan;
        plan.kind = LayerKind::grids;
        auto tx = ws->begin_import(plan);
        tx->add(grid("440303001001001", 505000, 2494000, "440303"));
        // dropped without commit: rolled back
    }
    EXPECT_TRUE(codes(*ws, LayerKind::grids).empty());
    import(*ws, LayerKind::grids, ReplaceMode::whole_layer,
           {grid("440303001001001", 505000, 2494000, "440303"),
            grid("440303001001002", 505100, 2494000, "440303"),
            grid("440304001001001", 506000, 2494000, "440304")});
    ws = open();
    EXPECT_EQ(codes(*ws, LayerKind::grids),
              (std::vector<std::string>{"440303001001001", "440303001001002", "440304001001001"}));
    EXPECT_EQ(codes(*ws, LayerKind::districts), (std::vector<std::string>{"440303", "440304"}));
    EXPECT_EQ(codes(*ws, LayerKind::communities), (std::vector<std::string>{"440303001001", "440304001001"}));
    for (const auto& c : ws->counts()) {
        if (c.kind == LayerKind::streets) {
            EXPECT_EQ(c.derived, 2);
        }
    }
    // Exact extent, in double precision.
    auto box = ws->extent(LayerKind::grids);
    ASSERT_TRUE(box);
    EXPECT_EQ(box->min_x, 505000);
    EXPECT_EQ(box->max_x, 506100);
    EXPECT_EQ(box->max_y, 2494100);
    ASSERT_EQ(ws->submissions().size(), 1u);
    EXPECT_EQ(ws->submissions()[0].rows, 3);
    EXPECT_EQ(ws->submissions()[0].layer, "grids");
}

TEST_P(StoreConformance, ADistrictImportReplacesThatDistrictOnly) {
    auto ws = create();
    import(*ws, LayerKind::grids, ReplaceMode::whole_layer,
           {grid("440303001001001", 505000, 2494000, "440303"),
            grid("440303001001002", 505100, 2494000, "440303"),
            grid("440304001001001", 506000, 2494000, "440304")});
    layers::CommitOptions o;
    o.districts = {"440303"};
    o.home = "440303";
    // A row that names another district is given the importing one.
    import(*ws, LayerKind::grids, ReplaceMode::districts,
           {grid("440303001001009", 505300, 2494000, "440303"), grid("440303001001010", 505400, 2494000, "")},
           o);
    EXPECT_EQ(codes(*ws, LayerKind::grids),
              (std::vector<std::string>{"440304001001001", "440303001001009", "440303001001010"}));
    auto subs = ws->submissions();
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_EQ(subs[1].district, "440303");
    EXPECT_EQ(subs[1].rows, 2);
}

TEST_P(StoreConformance, CasesAreReplacedByTheirKey) {
    auto ws = create();
    const auto& s = layers::schema_of(LayerKind::cases);
    auto a_case = [&](const std::string& id, const std::string& reported, bool voided) {
        Record r;
        r.values.resize(s.fields.size());
        r.values[s.index("case_id")] = id;
        r.values[s.index("reported_at")] = reported;
        r.values[s.index("voided")] = voided ? "1" : "0";
        r.values[s.index("rework")] = "2";
        r.x = 505050.25;
        r.y = 2494050.125;
        return r;
    };
    import(*ws, LayerKind::cases, ReplaceMode::upsert_by_key,
           {a_case("A1", "2026-10-01T08:00:00", false), a_case("A2", "2026-10-02T08:00:00", false)});
    import(*ws, LayerKind::cases, ReplaceMode::upsert_by_key, {a_case("A2", "2026-10-03T09:30:00", true)});
    std::vector<std::string> seen;
    ws->for_each(LayerKind::cases, [&](const Record& r) {
        seen.push_back(*r.values[s.index("case_id")] + " " + *r.values[s.index("reported_at")] + " " +
                       *r.values[s.index("voided")] + " " + *r.values[s.index("rework")]);
        EXPECT_EQ(r.x, 505050.25);
        EXPECT_EQ(r.y, 2494050.125);
        EXPECT_TRUE(r.geometry_problem.empty());
    });
    EXPECT_EQ(seen, (std::vector<std::string>{"A1 2026-10-01T08:00:00 0 2", "A2 2026-10-03T09:30:00 1 2"}));
}

TEST_P(StoreConformance, HostileValuesComeBackAsTheyWent) {
    auto ws = create();
    std::vector<Record> rows;
    for (std::size_t i = 0; i < hostile.size(); ++i)
        rows.push_back(
            component("44030300100100100" + std::to_string(i), hostile[i], 505000.5 + i, 2494000.5));
    import(*ws, LayerKind::components, ReplaceMode::whole_layer, rows);
    std::vector<std::string> notes;
    const auto& s = layers::schema_of(LayerKind::components);
    ws->for_each(LayerKind::components,
                 [&](const Record& r) { notes.push_back(*r.values[s.index("note")]); });
    EXPECT_EQ(notes, hostile);
    // Read in parallel slices: every row once, in order within a slice, slices in order.
    std::vector<std::vector<long long>> parts(3);
    ws->for_each_parallel(LayerKind::components, 3,
                          [&](unsigned p, const Record& r) { parts[p].push_back(r.fid); });
    std::vector<long long> all;
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    ASSERT_EQ(all.size(), hostile.size());
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
}

TEST_P(StoreConformance, RowsScannedInPlaceAreTheRecordsOfTheFieldsAskedFor) {
    auto ws = create();
    const auto& cs = layers::schema_of(LayerKind::components);
    std::vector<Record> rows;
    for (std::size_t i = 0; i < 40; ++i) {
        Record r = component("4403030010010010" + std::to_string(10 + i), hostile[i % hostile.size()],
                             505000.5 + static_cast<double>(i), 2494000.25);
        if (i % 3 == 0) r.values[cs.index("note")].reset(); // null, not ""
        r.row = static_cast<long long>(i) + 7;
        rows.push_back(r);
    }
    import(*ws, LayerKind::components, ReplaceMode::whole_layer, rows);
    import(*ws, LayerKind::grids, ReplaceMode::whole_layer,
           {grid("440303001001001", 505000, 2494000, "440303"),
            grid("440303001001002", 505100, 2494000, "440303")});
    ws = open();
    for (LayerKind kind : {LayerKind::components, LayerKind::grids}) {
        const auto& s = layers::schema_of(kind);
        // Some fields, out of schema order.
        const std::vector<std::size_t> fields = {s.index("district"), s.index("code"), s.index("name"),
                                                 kind == LayerKind::components ? s.index("note")
                                                                               : s.index("region_class")};
        std::vector<std::string> expected, seen;
        auto line = [](long long fid, long long row, auto values, double x, double y, std::string_view wkb,
                       std::string_view problem) {
            std::string out = std::to_string(fid) + " row " + std::to_string(row);
            for (const auto& v : values) out += v ? "|" + std::string(*v) : "|<null>";
            char xy[64];
            std::snprintf(xy, sizeof xy, " %.3f %.3f ", x, y);
            return out + xy + std::to_string(std::hash<std::string_view>{}(wkb)) + " " + std::string(problem);
        };
        ws->for_each(kind, [&](const Record& r) {
            std::vector<std::optional<std::string>> values;
            for (std::size_t f : fields) values.push_back(r.values[f]);
            expected.push_back(line(r.fid, r.row, values, r.x, r.y, r.wkb, r.geometry_problem));
        });
        std::vector<std::vector<std::string>> parts(3);
        ws->scan_parallel(kind, fields, 3, [&](unsigned p, const layers::RecordView& r) {
            parts[p].push_back(line(r.fid, r.row, r.values, r.x, r.y, r.wkb, r.geometry_problem));
        });
        for (const auto& p : parts) seen.insert(seen.end(), p.begin(), p.end());
        EXPECT_EQ(seen, expected) << layers::layer_name(kind);
        EXPECT_EQ(seen.size(), kind == LayerKind::components ? 40u : 2u);
    }
}

TEST_P(StoreConformance, ResultTablesKeepTypesNullsAndFilterByParameter) {
    auto ws = create();
    ResultTable t;
    t.name = "results_test";
    t.columns = {{"code", ResultTable::Type::text},
                 {"n", ResultTable::Type::integer},
                 {"rate", ResultTable::Type::real}};
    for (std::size_t i = 0; i < hostile.size(); ++i)
        t.rows.push_back({hostile[i], std::to_string(i), i % 2 ? "0.25" : ""});
    t.rows.push_back({"b", "", "1.5"});
    ws->replace_table(t);
    ws = open();
    auto back = ws->table("results_test");
    ASSERT_TRUE(back);
    ASSERT_EQ(back->columns.size(), 3u);
    EXPECT_EQ(back->columns[1].type, ResultTable::Type::integer);
    EXPECT_EQ(back->columns[2].type, ResultTable::Type::real);
    ASSERT_EQ(back->rows.size(), t.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        EXPECT_EQ(back->rows[i][0], t.rows[i][0]);
        EXPECT_EQ(back->rows[i][1], t.rows[i][1]);
        if (t.rows[i][2].empty())
            EXPECT_EQ(back->rows[i][2], "");
        else
            EXPECT_DOUBLE_EQ(std::stod(back->rows[i][2]), std::stod(t.rows[i][2]));
    }
    // The filter's value is data, never SQL.
    for (const std::string& v : hostile) {
        auto one = ws->table("results_test", layers::RowFilter{"code", v});
        ASSERT_TRUE(one);
        ASSERT_EQ(one->rows.size(), 1u) << v;
        EXPECT_EQ(one->rows[0][0], v);
    }
    auto none = ws->table("results_test", layers::RowFilter{"code", "x' OR '1'='1"});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->rows.empty());
    EXPECT_THROW(ws->table("results_test", layers::RowFilter{"no_such_column", "x"}), BackendError);
    EXPECT_FALSE(ws->table("never_written"));
    // Scanned row by row, the same columns and rows.
    for (const std::optional<layers::RowFilter>& filter :
         {std::optional<layers::RowFilter>{}, std::optional<layers::RowFilter>{{"code", hostile[1]}}}) {
        ResultTable scanned;
        ASSERT_TRUE(ws->scan_table(
            "results_test", filter,
            [&](const std::vector<ResultTable::Column>& columns) { scanned.columns = columns; },
            [&](std::span<const std::string_view> row) {
                scanned.rows.emplace_back(row.begin(), row.end());
            }));
        auto whole = ws->table("results_test", filter);
        ASSERT_EQ(scanned.columns.size(), whole->columns.size());
        for (std::size_t i = 0; i < whole->columns.size(); ++i) {
            EXPECT_EQ(scanned.columns[i].name, whole->columns[i].name);
            EXPECT_EQ(scanned.columns[i].type, whole->columns[i].type);
        }
        EXPECT_EQ(scanned.rows, whole->rows);
        EXPECT_EQ(scanned.rows.size(), filter ? 1u : t.rows.size());
    }
    auto ignore_columns = [](const std::vector<ResultTable::Column>&) {};
    auto ignore_row = [](std::span<const std::string_view>) {};
    EXPECT_FALSE(ws->scan_table("never_written", std::nullopt, ignore_columns, ignore_row));
    EXPECT_THROW(
        ws->scan_table("results_test", layers::RowFilter{"no_such_column", "x"}, ignore_columns, ignore_row),
        BackendError);
    // Distinct values in byte order, whatever the database's collation.
    auto distinct = ws->distinct_values("results_test", "code");
    std::vector<std::string> expected = hostile;
    expected.push_back("b");
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(distinct, expected);
    EXPECT_TRUE(ws->distinct_values("results_test", "nope").empty());
    // Replaced whole.
    t.rows.resize(1);
    ws->replace_table(t);
    EXPECT_EQ(ws->table("results_test")->rows.size(), 1u);
}

TEST_P(StoreConformance, AssessmentRowsAreKeptPerPeriod) {
    auto ws = create();
    import(*ws, LayerKind::grids, ReplaceMode::whole_layer,
           {grid("440303001001001", 505000, 2494000, "440303")});
    auto rows = [](const std::string& period, const std::string& grade) {
        ResultTable t;
        t.name = "assessment_rows_test";
        t.columns = {{"period", ResultTable::Type::text}, {"level", ResultTable::Type::text},
                     {"code", ResultTable::Type::text},   {"composite", ResultTable::Type::real},
                     {"grade", ResultTable::Type::text},  {"colour", ResultTable::Type::text}};
        t.rows = {{period, "grid", "440303001001001", "91.5", grade, "#1a9850"},
                  {period, "district", "440303", "88", grade, "#91cf60"}};
        return t;
    };
    ws->store_assessment(rows("2026-09", "X"), "2026-09");
    ws->store_assessment(rows("2026-09", "A"), "2026-09"); // the only period stored: all replaced
    EXPECT_EQ(ws->table("assessment_rows_test")->rows.size(), 2u);
    ws->store_assessment(rows("2026-10", "B"), "2026-10");
    ws->store_assessment(rows("2026-10", "C"), "2026-10");
    ws = open();
    EXPECT_EQ(ws->table("assessment_rows_test")->rows.size(), 4u);
    auto october = ws->table("assessment_rows_test", layers::RowFilter{"period", "2026-10"});
    ASSERT_EQ(october->rows.size(), 2u);
    EXPECT_EQ(october->rows[0][4], "C");
    EXPECT_EQ(ws->distinct_values("assessment_rows_test", "period"),
              (std::vector<std::string>{"2026-09", "2026-10"}));
}

TEST_P(StoreConformance, APeriodStoredAgainHoldsExactlyItsNewRows) {
    auto ws = create();
    auto table = [](const std::string& period, std::vector<std::vector<std::string>> rows) {
        ResultTable t;
        t.name = "restored_test";
        t.columns = {{"period", ResultTable::Type::text},    {"level", ResultTable::Type::text},
                     {"code", ResultTable::Type::text},      {"filed", ResultTable::Type::integer},
                     {"composite", ResultTable::Type::real}, {"grade", ResultTable::Type::text}};
        for (auto& r : rows) r.insert(r.begin(), period);
        t.rows = rows;
        return t;
    };
    ws->store_assessment(table("2026-09", {{"grid", "g1", "1", "90", "A"}}), "2026-09");
    ws->store_assessment(table("2026-10", {{"grid", "g1", "3", "91.25", "A"},
                                           {"grid", "g2", "0", "", ""},
                                           {"grid", "g3", "7", "40", "E"},
                                           {"district", "d1", "10", "70", "C"}}),
                         "2026-10");
    // The same, one changed, one gone, one new, out of order.
    ws->store_assessment(table("2026-10", {{"street", "s1", "4", "80.5", "B"},
                                           {"grid", "g3", "7", "40", "E"},
                                           {"grid", "g2", "2", "60", "D"},
                                           {"district", "d1", "10", "70", "C"}}),
                         "2026-10");
    ws = open();
    auto october = ws->table("restored_test", layers::RowFilter{"period", "2026-10"});
    ASSERT_TRUE(october);
    std::vector<std::vector<std::string>> rows = october->rows;
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"2026-10", "district", "d1", "10", "70", "C"},
                                                           {"2026-10", "grid", "g2", "2", "60", "D"},
                                                           {"2026-10", "grid", "g3", "7", "40", "E"},
                                                           {"2026-10", "street", "s1", "4", "80.5", "B"}}));
    auto september = ws->table("restored_test", layers::RowFilter{"period", "2026-09"});
    ASSERT_TRUE(september);
    EXPECT_EQ(september->rows,
              (std::vector<std::vector<std::string>>{{"2026-09", "grid", "g1", "1", "90", "A"}}));
}

TEST_P(StoreConformance, ThousandsOfRowsAreWrittenWholeAndInOrder) {
    auto ws = create();
    ResultTable t;
    t.name = "many_rows_test";
    t.columns = {{"period", ResultTable::Type::text},
                 {"level", ResultTable::Type::text},
                 {"code", ResultTable::Type::text},
                 {"filed", ResultTable::Type::integer},
                 {"composite", ResultTable::Type::real}};
    // Not a multiple of any batch: the last rows are written on their own.
    const std::size_t n = 1001;
    for (std::size_t i = 0; i < n; ++i)
        t.rows.push_back({"2026-10", "grid", "g" + std::to_string(i), std::to_string(i),
                          i % 7 == 0 ? "" : std::to_string(i) + ".5"});
    ws->store_assessment(t, "2026-10");
    ws = open();
    auto back = ws->table("many_rows_test");
    ASSERT_TRUE(back);
    ASSERT_EQ(back->rows.size(), n);
    for (std::size_t i : {std::size_t{0}, std::size_t{63}, std::size_t{64}, std::size_t{999}, n - 1}) {
        SCOPED_TRACE(i);
        EXPECT_EQ(back->rows[i][2], "g" + std::to_string(i));
        EXPECT_EQ(back->rows[i][3], std::to_string(i));
        EXPECT_EQ(back->rows[i][4], i % 7 == 0 ? "" : std::to_string(i) + ".5");
    }
}

TEST_P(StoreConformance, TypedCellsAreStoredAsTheNumbersAndTextTheyHold) {
    using layers::Cell;
    auto ws = create();
    ResultTable t;
    t.name = "typed_test";
    t.columns = {{"n", ResultTable::Type::integer},
                 {"x", ResultTable::Type::real},
                 {"label", ResultTable::Type::text}};
    const std::vector<std::vector<Cell>> rows = {
        {Cell::of(9007199254740993LL), Cell::of(0.1), Cell::of(std::string_view(hostile[0]))},
        {Cell::of(-7LL), Cell::of(1e-05), Cell::of(std::string_view(hostile[2]))},
        {Cell{}, Cell::of(-1.001762666), Cell::of(std::string_view())},
        {Cell::of(0LL), Cell::of(std::optional<double>()), Cell::of(std::string_view("二类"))}};
    ws->replace_table(t, [&](const layers::RowEmitter& emit) {
        for (const auto& row : rows) emit(row);
    });
    ws = open();
    auto back = ws->table("typed_test");
    ASSERT_TRUE(back);
    ASSERT_EQ(back->rows.size(), rows.size());
    // 2^53 + 1 is no double: it stays whole only as an integer.
    EXPECT_EQ(back->rows[0][0], "9007199254740993");
    EXPECT_EQ(back->rows[1][0], "-7");
    EXPECT_EQ(back->rows[2][0], "");
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(std::stod(back->rows[i][1]), rows[i][1].real) << back->rows[i][1];
    EXPECT_EQ(back->rows[3][1], "");
    EXPECT_EQ(back->rows[0][2], hostile[0]);
    EXPECT_EQ(back->rows[1][2], hostile[2]);
    EXPECT_EQ(back->rows[2][2], ""); // the empty text is null
    EXPECT_EQ(back->rows[3][2], "二类");
    EXPECT_EQ(layers::cell_text(Cell::of(1e-05)), "1e-05");
    EXPECT_EQ(layers::cell_text(Cell::of(0.9923)), "0.9923");
    EXPECT_EQ(layers::cell_text(Cell::of(100.0)), "100");
    EXPECT_EQ(layers::cell_text(Cell::of(-12LL)), "-12");
    EXPECT_EQ(layers::cell_text(Cell{}), "");
}

TEST_P(StoreConformance, DocumentsAndTheCrsPersist) {
    auto ws = create();
    std::string big(1 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 997) big[i] = hostile[i % hostile.size()][0];
    big += hostile[0] + hostile[1];
    ws->put_document("report", big);
    ws->put_document("report", big + "!");
    ws = open();
    EXPECT_EQ(ws->document("report"), big + "!");
    EXPECT_FALSE(ws->document("missing"));
    EXPECT_EQ(ws->crs(), "EPSG:4547");
}

TEST_P(StoreConformance, AWorkspaceIsNotCreatedTwice) {
    create();
    EXPECT_THROW(layers::create_workspace(m_uri, std::nullopt), InputError);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformance, ::testing::Values("gpkg", "postgis"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
