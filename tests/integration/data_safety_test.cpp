// No command may destroy a workspace, another district's census or a finished file: outputs that
// are inputs, full disks, interrupted runs.

#include "tests/integration/city_fixture.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/workspace_probe.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sys/mount.h>
#include <unistd.h>

using wangge::layers::LayerKind;
using wangge::test::read_file;
using wangge::test::run_wangge;
using wangge::test::sqlite;
using wangge::test::TempDir;
using wangge::test::WorkspaceProbe;
using wangge::test::write_file;

namespace fs = std::filesystem;

namespace {

class DataSafety : public wangge::test::CityFixture {};

} // namespace

TEST_F(DataSafety, OutputThatIsTheWorkspaceIsRefusedBeforeAnyWork) {
    TempDir d;
    std::string ws = copy_workspace(d);
    fs::create_symlink(ws, d.file("link.gpkg"));
    fs::create_hard_link(ws, d.file("hard.gpkg"));
    const std::string before = read_file(ws);
    for (const std::string& out : {ws, d.file("link.gpkg"), d.file("hard.gpkg")}) {
        auto v = run_wangge({"validate", "--workspace", ws, "--findings", out});
        EXPECT_EQ(v.status, 2) << v.err;
        EXPECT_NE(v.err.find("is the workspace"), std::string::npos) << v.err;
        for (const char* flag : {"--json", "--csv", "--xlsx"}) {
            auto a = run_wangge({"assess", "--workspace", ws, "--period", "2026-10", flag, out});
            EXPECT_EQ(a.status, 2) << flag << ": " << a.err;
            EXPECT_NE(a.err.find("is the workspace"), std::string::npos) << a.err;
        }
    }
    // Through a path spelt another way too.
    auto dotted = run_wangge({"validate", "--workspace", ws, "--json",
                              d.path() + "/./sub/../" + fs::path(ws).filename().string()});
    EXPECT_EQ(dotted.status, 2) << dotted.err;
    EXPECT_EQ(read_file(ws), before) << "the workspace changed";
}

TEST_F(DataSafety, OutputThatIsARulesFileOrAnotherOutputIsRefused) {
    TempDir d;
    std::string ws = copy_workspace(d);
    std::string rules = d.file("rules.json");
    fs::copy_file(wangge::test::data_dir() + "/rules.json", rules);
    const std::string before = read_file(rules);
    auto r = run_wangge({"validate", "--workspace", ws, "--rules", rules, "--json", rules});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("the rules file"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(rules), before);
    auto twice = run_wangge({"assess", "--workspace", ws, "--period", "2026-10", "--json", d.file("a.out"),
                             "--csv", d.file("./a.out")});
    EXPECT_EQ(twice.status, 2) << twice.err;
    EXPECT_NE(twice.err.find("the same file"), std::string::npos) << twice.err;
}

TEST_F(DataSafety, AGeoPackageWanggeDidNotWriteIsNeverOverwritten) {
    TempDir d;
    std::string ws = copy_workspace(d);
    // Another workspace, and someone's own layers.
    std::string other = d.file("other.gpkg");
    fs::copy_file(ws, other);
    const std::string before = read_file(other);
    for (const char* flag : {"--findings", "--json"}) {
        auto r = run_wangge({"validate", "--workspace", ws, flag, other});
        EXPECT_EQ(r.status, 2) << r.err;
        EXPECT_NE(r.err.find("will not overwrite"), std::string::npos) << r.err;
    }
    auto a = run_wangge({"assess", "--workspace", ws, "--period", "2026-10", "--xlsx", other});
    EXPECT_EQ(a.status, 2) << a.err;
    EXPECT_EQ(read_file(other), before);
    // A findings file wangge wrote may be written again.
    std::string findings = d.file("f.gpkg");
    ASSERT_EQ(run_wangge({"validate", "--workspace", ws, "--findings", findings}).status, 0);
    auto again = run_wangge({"validate", "--workspace", ws, "--findings", findings});
    EXPECT_EQ(again.status, 0) << again.err;
}

namespace {

/// A tiny tmpfs that fills up; needs root (CI runs as root).
class FullDisk {
public:
    FullDisk() {
        if (geteuid() != 0) return;
        if (::mount("tmpfs", m_dir.path().c_str(), "tmpfs", 0, "size=24k") == 0) m_mounted = true;
    }
    ~FullDisk() {
        if (m_mounted) ::umount(m_dir.path().c_str());
    }
    bool mounted() const { return m_mounted; }
    std::string file(const std::string& name) const { return m_dir.file(name); }
    const std::string& path() const { return m_dir.path(); }

private:
    TempDir m_dir;
    bool m_mounted = false;
};

} // namespace

TEST_F(DataSafety, AFullDiskKeepsTheOldFileAndSaysSo) {
    FullDisk disk;
    if (!disk.mounted()) GTEST_SKIP() << "needs root to mount a small tmpfs";
    TempDir d;
    std::string ws = copy_workspace(d);
    for (const std::string name : {"f.geojson", "f.csv", "f.gpkg"}) {
        write_file(disk.file(name), "old");
        auto r = run_wangge({"validate", "--workspace", ws, "--findings", disk.file(name)});
        EXPECT_EQ(r.status, 1) << name << ": " << r.err;
        EXPECT_EQ(r.err, "wangge: disk full writing " + name + " (the previous file, if any, is kept)\n");
        EXPECT_EQ(read_file(disk.file(name)), "old") << name;
        fs::remove(disk.file(name));
    }
    write_file(disk.file("a.xlsx"), "old");
    auto stored_rows = [&] {
        auto t = WorkspaceProbe(ws).table("assessment_results");
        return t ? t->rows.size() : 0;
    };
    const std::size_t stored = stored_rows();
    auto a = run_wangge({"assess", "--workspace", ws, "--period", "2026", "--xlsx", disk.file("a.xlsx"),
                         "--csv", disk.file("a.csv")});
    EXPECT_EQ(a.status, 1) << a.err;
    EXPECT_NE(a.err.find("disk full writing"), std::string::npos) << a.err;
    EXPECT_EQ(read_file(disk.file("a.xlsx")), "old");
    // The rows are stored while the files are written, and committed only once they are.
    EXPECT_EQ(stored_rows(), stored);
    // Nothing half-written is left behind.
    for (const auto& e : fs::directory_iterator(disk.path()))
        EXPECT_TRUE(e.path().filename() == "a.xlsx") << e.path();
}

namespace {

/// One district's file cut from the generated city, with `recode` of its rows given codes of
/// district 440304 (a GIS clerk's typo).
std::string district_file(const TempDir& d, const std::string& layer, const std::string& code_field,
                          const std::string& district, int recode) {
    std::string out = d.file(layer + "_" + district + ".shp");
    auto cut = wangge::test::run_shell("ogr2ogr -lco ENCODING=UTF-8 " + out + " " +
                                       wangge::test::CityFixture::city_file_path(layer + ".shp") +
                                       " -where \"" + code_field + " LIKE '" + district + "%'\"");
    EXPECT_EQ(cut.status, 0) << cut.out;
    if (recode > 0) {
        std::string table = layer + "_" + district;
        auto up = wangge::test::run_shell("ogrinfo " + out + " -dialect SQLite -sql \"UPDATE " + table +
                                          " SET " + code_field + " = '440304' || substr(" + code_field +
                                          ", 7) WHERE rowid IN (SELECT rowid FROM " + table + " LIMIT " +
                                          std::to_string(recode) + ")\"");
        EXPECT_EQ(up.status, 0) << up.out;
    }
    return out;
}

} // namespace

TEST_F(DataSafety, AMisCodedComponentNeverWipesAnotherDistrict) {
    TempDir d;
    std::string ws = copy_workspace(d);
    const WorkspaceProbe probe(ws);
    const auto before = probe.rows_by(LayerKind::components, "district");
    const auto submissions = probe.submissions().size();
    const long long own_304 = probe.rows_where(LayerKind::components, "district", "440304");
    ASSERT_GT(own_304, 0);
    std::string file = district_file(d, "components", "ObjID", "440303", 3);
    // A dry run says what would happen and writes nothing.
    auto dry = run_wangge({"import", "components", file, "--workspace", ws, "--dry-run"});
    ASSERT_EQ(dry.status, 0) << dry.err;
    EXPECT_NE(dry.out.find("would replace"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("3 rows name other districts: 440304 ×3"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("nothing was written"), std::string::npos) << dry.out;
    EXPECT_EQ(probe.rows_by(LayerKind::components, "district"), before);
    EXPECT_EQ(probe.submissions().size(), submissions);

    auto r = run_wangge({"import", "components", file, "--workspace", ws});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("districts: 440303\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 rows name other districts: 440304 ×3"), std::string::npos) << r.out;
    // 440304 keeps every component; the three stray rows load with 440303's file.
    EXPECT_EQ(probe.rows_where(LayerKind::components, "district", "440304"), own_304);
    EXPECT_EQ(probe.rows_if(LayerKind::components, {"district", "code"},
                            [](const auto& v) { return v[0] == "440303" && v[1].rfind("440304", 0) == 0; }),
              3);
    EXPECT_EQ(probe.latest_submission_districts(), std::vector<std::string>{"440303"});
    EXPECT_EQ(probe.submissions().size(), submissions + 1);
    // And validate reports them.
    auto v = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27"});
    ASSERT_EQ(v.status, 0) << v.err;
    EXPECT_NE(v.out.find("component.district_mismatch: 3"), std::string::npos) << v.out;
}

TEST_F(DataSafety, OneDistrictsGridsReplaceOnlyThatDistrict) {
    TempDir d;
    std::string ws = copy_workspace(d);
    const WorkspaceProbe probe(ws);
    auto others = [&] {
        return probe.rows_if(LayerKind::grids, {"district"}, [](const auto& v) { return v[0] != "440303"; });
    };
    const long long before_others = others();
    const long long own = probe.rows_where(LayerKind::grids, "district", "440303");
    ASSERT_GT(own, 0);
    ASSERT_GT(before_others, 0);
    std::string file = district_file(d, "grids", "BGID", "440303", 0);
    auto r = run_wangge({"import", "grids", file, "--workspace", ws});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("replaced " + std::to_string(own) + " earlier rows"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("districts: 440303\n"), std::string::npos) << r.out;
    EXPECT_EQ(others(), before_others);
    EXPECT_EQ(probe.rows_where(LayerKind::grids, "district", "440303"), own);
}

namespace {

/// A GeoJSON of one grid in EPSG:4547 (declared in its crs member), its corners as given.
std::string grid_geojson(double x0, double y0, bool northing_first) {
    auto pt = [&](double dx, double dy) {
        double x = x0 + dx, y = y0 + dy;
        return "[" + std::to_string(northing_first ? y : x) + "," + std::to_string(northing_first ? x : y) +
               "]";
    };
    return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},)"
           R"("features":[{"type":"Feature","properties":{"BGID":"440303001001001"},"geometry":{"type":"Polygon",)"
           R"("coordinates":[[)" +
           pt(0, 0) + "," + pt(100, 0) + "," + pt(100, 100) + "," + pt(0, 100) + "," + pt(0, 0) + "]]}}]}";
}

} // namespace

TEST_F(DataSafety, CoordinatesAreCheckedAgainstTheCrsAndTheCity) {
    TempDir d;
    ASSERT_EQ(run_wangge({"init", "--workspace", d.file("new.gpkg"), "--crs", "EPSG:4547"}).status, 0);
    write_file(d.file("swapped.geojson"), grid_geojson(480000, 2480000, true));
    auto swapped =
        run_wangge({"import", "grids", d.file("swapped.geojson"), "--workspace", d.file("new.gpkg")});
    EXPECT_EQ(swapped.status, 2) << swapped.err;
    EXPECT_NE(swapped.err.find("x and y look swapped"), std::string::npos) << swapped.err;
    write_file(d.file("east.geojson"), grid_geojson(3480000, 2480000, false));
    auto east = run_wangge({"import", "grids", d.file("east.geojson"), "--workspace", d.file("new.gpkg")});
    EXPECT_EQ(east.status, 2) << east.err;
    EXPECT_NE(east.err.find("not in the area of EPSG:4547"), std::string::npos) << east.err;
    EXPECT_EQ(WorkspaceProbe(d.file("new.gpkg")).rows(LayerKind::grids), 0);
    // Plausible for the CRS, but 200 km from the city already loaded.
    std::string ws = copy_workspace(d);
    write_file(d.file("far.geojson"), grid_geojson(480000, 2680000, false));
    auto far = run_wangge({"import", "grids", d.file("far.geojson"), "--workspace", ws});
    EXPECT_EQ(far.status, 2) << far.err;
    EXPECT_NE(far.err.find("km from the workspace's city"), std::string::npos) << far.err;
    // --force takes the file as it is.
    auto forced = run_wangge({"import", "grids", d.file("far.geojson"), "--workspace", ws, "--force"});
    EXPECT_EQ(forced.status, 0) << forced.err;
    write_file(d.file("near.geojson"), grid_geojson(480500, 2480500, false));
    EXPECT_EQ(
        run_wangge({"import", "grids", d.file("near.geojson"), "--workspace", d.file("new.gpkg")}).status, 0);
}

TEST_F(DataSafety, HandEditedGeometriesBecomeFindingsNamingTableAndFid) {
    TempDir d;
    std::string ws = copy_workspace(d);
    using wangge::test::sqlite;
    // GeoPackage blobs as a QGIS user or another tool might leave them: little-endian header
    // (flags 0x01), no envelope, then WKB.
    // One hex literal each: SQLite's || would make text of blobs.
    const std::string nan_point = "X'47500001E61100000101000000000000000000F87F000000000000F87F'";
    for (const std::string& update : std::vector<std::string>{
             "UPDATE grids SET geom = NULL WHERE fid = 3",
             // the empty flag set
             "UPDATE grids SET geom = X'47500011E6110000010300000000000000' WHERE fid = 4",
             // a ring count of 2^31 in 9 bytes
             "UPDATE grids SET geom = X'47500001E611000001030000000000008000' WHERE fid = 5",
             // an envelope flag of 5 (there is none)
             "UPDATE grids SET geom = X'4750000BE6110000010300000000000000' WHERE fid = 6",
             "UPDATE components SET geom = " + nan_point + " WHERE fid = 7",
             "UPDATE cases SET geom = " + nan_point + " WHERE fid <= 5",
         }) {
        // Through GDAL, whose SQLite functions the GeoPackage's R-tree triggers call.
        auto r = wangge::test::run_shell("ogrinfo -q " + ws + " -sql \"" + update + "\"");
        ASSERT_EQ(r.status, 0) << update << ": " << r.out;
    }
    auto v =
        run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27", "--findings", d.file("f.gpkg")});
    ASSERT_EQ(v.status, 0) << v.err;
    std::string rows =
        sqlite(d.file("f.gpkg"), "SELECT message, geom IS NULL FROM grid_findings WHERE rule = "
                                 "'grid.invalid_geometry' AND message LIKE 'grids fid%' ORDER BY 1");
    EXPECT_NE(rows.find("grids fid 3: no geometry|1"), std::string::npos) << rows;
    EXPECT_NE(rows.find("grids fid 4: empty geometry|1"), std::string::npos) << rows;
    EXPECT_NE(rows.find("grids fid 5: unreadable geometry: WKB claims 2147483648 items"), std::string::npos)
        << rows;
    EXPECT_NE(rows.find("grids fid 6: a GeoPackage geometry blob with an invalid envelope flag|1"),
              std::string::npos)
        << rows;
    EXPECT_EQ(sqlite(d.file("f.gpkg"), "SELECT message, geom IS NULL FROM component_findings WHERE rule = "
                                       "'component.invalid_geometry'"),
              "components fid 7: coordinates that are not numbers|1\n");
    auto a = run_wangge({"assess", "--workspace", ws, "--period", "2026", "--json", d.file("a.json")});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_NE(a.err.find("warning: grids fid 3 ("), std::string::npos) << a.err;
    auto j = nlohmann::json::parse(read_file(d.file("a.json")));
    EXPECT_GE(j["unlocated_cases"].get<long long>(), 5);
}

TEST_F(DataSafety, ABusyWorkspaceIsWaitedForThenNamedBusy) {
    TempDir d;
    std::string ws = copy_workspace(d);
    // Another process holds the write lock for 4 s, as an import committing does.
    std::string holder = "python3 -c \"import sqlite3, time; c = sqlite3.connect('" + ws +
                         "', isolation_level=None); c.execute('BEGIN EXCLUSIVE'); open('" + d.file("locked") +
                         "', 'w').close(); time.sleep(4); c.execute('COMMIT')\" &";
    ASSERT_EQ(std::system(holder.c_str()), 0);
    for (int i = 0; i < 100 && !fs::exists(d.file("locked")); ++i) usleep(50000);
    ASSERT_TRUE(fs::exists(d.file("locked")));
    auto quick = run_wangge({"validate", "--workspace", ws, "--wait", "0.5"});
    EXPECT_EQ(quick.status, 1) << quick.err;
    EXPECT_NE(quick.err.find("workspace busy: another process"), std::string::npos) << quick.err;
    auto patient = run_wangge({"validate", "--workspace", ws, "--wait", "30"});
    EXPECT_EQ(patient.status, 0) << patient.err;
}

TEST_F(DataSafety, AWorkspaceLeftMidWriteByACrashIsRolledBackNotNamedBusy) {
    TempDir d;
    std::string ws = copy_workspace(d);
    const long long components = WorkspaceProbe(ws).rows(LayerKind::components);
    ASSERT_GT(components, 0);
    // A writer dies inside a transaction big enough to spill to the file (as a big city's store
    // does): its journal is left hot, and the file holds pages of the unfinished write.
    std::string crash = "python3 -c \"import sqlite3, os; c = sqlite3.connect('" + ws +
                        "', isolation_level=None); c.execute('PRAGMA cache_size = 1'); c.execute('BEGIN'); "
                        "c.execute('DELETE FROM components'); os._exit(0)\"";
    ASSERT_EQ(std::system(crash.c_str()), 0);
    ASSERT_TRUE(fs::exists(ws + "-journal"));
    auto next = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27", "--wait", "0.5"});
    EXPECT_EQ(next.status, 0) << next.err;
    EXPECT_FALSE(fs::exists(ws + "-journal"));
    EXPECT_EQ(sqlite(ws, "PRAGMA integrity_check"), "ok\n");
    EXPECT_EQ(WorkspaceProbe(ws).rows(LayerKind::components), components);
}

TEST_F(DataSafety, AReadOnlyWorkspaceIsNamedReadOnly) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a read-only file system";
    TempDir d;
    ASSERT_EQ(::mount("tmpfs", d.path().c_str(), "tmpfs", 0, "size=64m"), 0);
    std::string ws = copy_workspace(d);
    ASSERT_EQ(::mount("tmpfs", d.path().c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=64m"), 0);
    auto v = run_wangge({"validate", "--workspace", ws});
    auto i = run_wangge({"import", "grids", city_file_path("grids.shp"), "--workspace", ws});
    ::umount(d.path().c_str());
    EXPECT_EQ(v.status, 1) << v.err;
    EXPECT_NE(v.err.find("read-only: it is on a read-only file system"), std::string::npos) << v.err;
    EXPECT_EQ(i.status, 1) << i.err;
    EXPECT_NE(i.err.find("read-only"), std::string::npos) << i.err;
}

TEST_F(DataSafety, ControlCharactersInValuesAreEscapedInMessages) {
    TempDir d;
    std::string ws = copy_workspace(d);
    // An ESC sequence that would clear a terminal, in a case id used twice.
    write_file(d.file("c.csv"), "case_id,reported_at,x,y\nK\x1b[2J1,2026-10-01 08:00,480500,2480500\n"
                                "K\x1b[2J1,2026-10-01 09:00,480500,2480500\n");
    auto r = run_wangge({"import", "cases", d.file("c.csv"), "--workspace", ws, "--srs", "EPSG:4547"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("K\\x1b[2J1"), std::string::npos) << r.err;
}

TEST_F(DataSafety, SmallerWordsSayWhatIsWrong) {
    TempDir d;
    std::string ws = copy_workspace(d);
    write_file(d.file("nolon.csv"), "case_id,reported_at,east,north\nK1,2026-10-01 08:00,114.0,22.5\n");
    auto nolon =
        run_wangge({"import", "cases", d.file("nolon.csv"), "--workspace", ws, "--srs", "EPSG:4490"});
    EXPECT_EQ(nolon.status, 2);
    EXPECT_NE(nolon.err.find("no coordinates: expected columns x and y (or lon"), std::string::npos)
        << nolon.err;
    EXPECT_NE(nolon.err.find("the file has: case_id, reported_at, east, north"), std::string::npos)
        << nolon.err;

    auto encoding =
        run_wangge({"import", "grids", city_file_path("grids.shp"), "--workspace", ws, "--encoding", "NOPE"});
    EXPECT_EQ(encoding.status, 2);
    EXPECT_NE(encoding.err.find("--encoding NOPE: unknown encoding"), std::string::npos) << encoding.err;

    for (const char* period : {"1900", "9999", "1900-01-01..2026-01-01"}) {
        auto p = run_wangge({"assess", "--workspace", ws, "--period", period});
        EXPECT_EQ(p.status, 2) << period;
        EXPECT_NE(p.err.find("periods of 1990 to 2999 are supported"), std::string::npos) << p.err;
    }

    // A zip whose member would land outside the folder it is unpacked in.
    auto zip = wangge::test::run_shell(
        "cd " + d.path() +
        " && python3 -c \"import zipfile; z = zipfile.ZipFile('evil.zip', 'w'); "
        "[z.write('" +
        city_file_path("grids") + "' + e, '../../x' + e) for e in ('.shp', '.shx', '.dbf', '.prj')]\"");
    ASSERT_EQ(zip.status, 0) << zip.out;
    auto evil = run_wangge({"import", "grids", d.file("evil.zip"), "--workspace", ws});
    EXPECT_EQ(evil.status, 2);
    EXPECT_NE(evil.err.find("unsafe member name '../../x.shp'"), std::string::npos) << evil.err;
}
