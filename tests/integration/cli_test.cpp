// The `wangge` command line as users and scripts call it: exit statuses and messages.

#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include <filesystem>

using wangge::test::run_wangge;
using wangge::test::TempDir;

namespace {

void expect_contains(const std::string& text, const std::string& part) {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in:\n" << text;
}

} // namespace

TEST(Cli, GenerateInitImportOfASmallCity) {
    TempDir dir;
    auto g = run_wangge({"generate", "--out", dir.file("city"), "--grids", "200", "--components", "1000",
                         "--cases", "500", "--seed", "3", "--as-of", "2026-11-27", "--encoding", "GBK"});
    ASSERT_EQ(g.status, 0) << g.err;
    expect_contains(g.out, "200 grids");
    auto i = run_wangge({"init", "--workspace", dir.file("ws.gpkg"), "--crs", "EPSG:4547"});
    ASSERT_EQ(i.status, 0) << i.err;
    expect_contains(i.out, "EPSG:4547");
    auto grids =
        run_wangge({"import", "grids", dir.file("city/grids.shp"), "--workspace", dir.file("ws.gpkg")});
    ASSERT_EQ(grids.status, 0) << grids.err;
    expect_contains(grids.out, "imported 200 grids");
    expect_contains(grids.out, "GBK");
    expect_contains(grids.out, "derived from the grids: communities, streets, districts");
    // Longitude and latitude columns and no --srs: CGCS2000, as Chinese lon/lat data is, said so.
    auto cases =
        run_wangge({"import", "cases", dir.file("city/cases.csv"), "--workspace", dir.file("ws.gpkg")});
    ASSERT_EQ(cases.status, 0) << cases.err;
    expect_contains(cases.out, "imported 500 cases");
    expect_contains(cases.out, "EPSG:4490 → EPSG:4547");
    expect_contains(cases.err, "longitude and latitude taken as EPSG:4490");
    // The whole city's census is not one district's submission.
    auto wrong = run_wangge({"import", "components", dir.file("city/components.shp"), "--workspace",
                             dir.file("ws.gpkg"), "--district", "440303"});
    EXPECT_EQ(wrong.status, 2);
    expect_contains(wrong.err, "drop --district");
    auto comps = run_wangge(
        {"import", "components", dir.file("city/components.shp"), "--workspace", dir.file("ws.gpkg")});
    ASSERT_EQ(comps.status, 0) << comps.err;
    expect_contains(comps.out, "districts: 440303, 440304, 440305");
}

TEST(Cli, BadUsageAndBadInputExitTwo) {
    TempDir dir;
    auto none = run_wangge({"import", "grids", dir.file("g.shp"), "--workspace", dir.file("missing.gpkg")});
    EXPECT_EQ(none.status, 2);
    expect_contains(none.err, "missing.gpkg");
    expect_contains(none.err, "wangge init");

    EXPECT_EQ(run_wangge({"import", "parcels", "x.shp", "--workspace", "w.gpkg"}).status, 2);
    auto unknown = run_wangge({"frobnicate", "--workspace", "w.gpkg"});
    EXPECT_EQ(unknown.status, 2);
    expect_contains(unknown.err, "unknown command 'frobnicate'");
    expect_contains(unknown.err, "validate");
    // Every command's help ends with an example of it.
    for (const char* command :
         {"init", "import", "validate", "assess", "tile", "tiles", "serve", "generate", "demo"}) {
        auto help = run_wangge({command, "--help"});
        EXPECT_EQ(help.status, 0) << command;
        std::size_t example = help.out.rfind("Example:\n  wangge " + std::string(command) + " ");
        EXPECT_NE(example, std::string::npos) << command << ":\n" << help.out;
        EXPECT_EQ(help.out.find('\n', help.out.find('\n', example) + 1), help.out.size() - 1) << command;
    }
    EXPECT_EQ(run_wangge({"init"}).status, 2);

    ASSERT_EQ(run_wangge({"init", "--workspace", dir.file("ws.gpkg"), "--crs", "EPSG:4547"}).status, 0);
    auto again = run_wangge({"init", "--workspace", dir.file("ws.gpkg")});
    EXPECT_EQ(again.status, 2);
    expect_contains(again.err, "already");
    auto geographic = run_wangge({"init", "--workspace", dir.file("geo.gpkg"), "--crs", "EPSG:4490"});
    EXPECT_EQ(geographic.status, 2);
    expect_contains(geographic.err, "projected");
    EXPECT_FALSE(std::filesystem::exists(dir.file("geo.gpkg")));

    wangge::test::write_file(
        dir.file("c.csv"),
        "case_id,reported_at,x,y\nK1,2026-10-01 08:00,505010,2494010\nK1,2026-10-01,505010,2494010\n");
    auto dup = run_wangge(
        {"import", "cases", dir.file("c.csv"), "--workspace", dir.file("ws.gpkg"), "--srs", "EPSG:4547"});
    EXPECT_EQ(dup.status, 2);
    expect_contains(dup.err, "c.csv row 2");
    auto field = run_wangge(
        {"import", "cases", dir.file("c.csv"), "--workspace", dir.file("ws.gpkg"), "--field", "case_id"});
    EXPECT_EQ(field.status, 2);
    expect_contains(field.err, "canonical=SOURCE");
    auto district = run_wangge(
        {"import", "cases", dir.file("c.csv"), "--workspace", dir.file("ws.gpkg"), "--district", "4403"});
    EXPECT_EQ(district.status, 2);
}

TEST(Cli, DemoBuildsTheSampleWorkspaceAndServesItsMap) {
    TempDir dir;
    // The demo serves until a signal: start it, ask the map's health route over plain TCP (bash's
    // /dev/tcp: no HTTP client needed), then stop it with SIGTERM.
    std::string script =
        "set -u; d=" + dir.path() + "; (" + wangge::test::wangge_binary() +
        " demo --dir $d/city --listen 127.0.0.1:0 "
        ">$d/out 2>$d/err & echo $! >$d/pid); "
        // Never leave the server behind, whatever fails below.
        "trap 'kill -KILL $(cat $d/pid) 2>/dev/null' EXIT; "
        "for i in $(seq 1 1200); do grep -q '^serving' $d/out && break; sleep 0.1; done; "
        "port=$(grep -o '127.0.0.1:[0-9]*' $d/out | head -1 | cut -d: -f2); "
        "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /api/health HTTP/1.0\r\n\r\n' >&3; "
        "cat <&3 >$d/health; "
        // The environment the server runs with, after it restarted itself for huge pages.
        "tr '\\0' '\\n' </proc/$(cat $d/pid)/environ | grep '^GLIBC_TUNABLES=' >$d/tunables; "
        "kill -TERM $(cat $d/pid); "
        "for i in $(seq 1 300); do kill -0 $(cat $d/pid) 2>/dev/null || break; sleep 0.1; done; "
        "! kill -0 $(cat $d/pid) 2>/dev/null";
    { std::ofstream(dir.file("serve.sh")) << script << "\n"; }
    auto served = wangge::test::run_shell("bash " + dir.file("serve.sh"));
    EXPECT_EQ(served.status, 0) << served.out << wangge::test::read_file(dir.file("err"));
    std::string health = wangge::test::read_file(dir.file("health"));
    expect_contains(health, "200 OK");
    expect_contains(health, "\"status\":\"ok\"");
    // Its heap on huge pages where the kernel gives them on request; as the test's otherwise.
    std::string mode = wangge::test::read_file("/sys/kernel/mm/transparent_hugepage/enabled");
    const char* ours = std::getenv("GLIBC_TUNABLES");
    std::string tunables = wangge::test::read_file(dir.file("tunables"));
    if (mode.find("[madvise]") != std::string::npos &&
        !(ours && std::string(ours).find("hugetlb") != std::string::npos))
        EXPECT_EQ(tunables, "GLIBC_TUNABLES=" + std::string(ours && *ours ? std::string(ours) + ":" : "") +
                                "glibc.malloc.hugetlb=1\n");
    else
        EXPECT_EQ(tunables, ours ? "GLIBC_TUNABLES=" + std::string(ours) + "\n" : "");
    wangge::test::RunResult d{0, wangge::test::read_file(dir.file("out")),
                              wangge::test::read_file(dir.file("err"))};
    expect_contains(d.out, "serving the map of");
    expect_contains(d.out, "stopped on a signal");
    expect_contains(d.out, "grids           1200");
    expect_contains(d.out, "EPSG:4547");
    expect_contains(d.out, "completeness");
    EXPECT_TRUE(std::filesystem::exists(dir.file("city/city.gpkg")));
    EXPECT_TRUE(std::filesystem::exists(dir.file("city/census.json")));
    EXPECT_TRUE(std::filesystem::exists(dir.file("city/findings.gpkg")));
}

TEST(Cli, TheCommandStartsTheCoreBesideItWithItsArgumentsAndSaysWhenItIsMissing) {
    namespace fs = std::filesystem;
    using wangge::test::run_shell;
    TempDir dir;
    // The command alone, without its core: it names what it could not start.
    fs::copy_file(wangge::test::wangge_binary(), dir.file("wangge"));
    fs::permissions(dir.file("wangge"), fs::perms::owner_all);
    auto alone = run_shell("'" + dir.file("wangge") + "' --version");
    EXPECT_EQ(alone.status, 127);
    expect_contains(alone.out, dir.file("wangge-core"));
    // A core that shows what it was given: the words as they were, its exit status passed back, and
    // the user's own choice of malloc's huge pages left as it is.
    std::ofstream(dir.file("wangge-core"))
        << "#!/bin/sh\nprintf '%s|' \"$@\"\necho \"tunables=$GLIBC_TUNABLES\"\nexit 3\n";
    fs::permissions(dir.file("wangge-core"), fs::perms::owner_all);
    auto shown = run_shell("GLIBC_TUNABLES=glibc.malloc.hugetlb=0 '" + dir.file("wangge") +
                           "' assess --period '2026 Q1' ''");
    EXPECT_EQ(shown.status, 3);
    expect_contains(shown.out, "assess|--period|2026 Q1||");
    expect_contains(shown.out, "tunables=glibc.malloc.hugetlb=0\n");
    // Through a link elsewhere (as an install puts it on the PATH), the core beside the real file.
    fs::create_directory(dir.file("bin"));
    fs::create_symlink(fs::absolute(wangge::test::wangge_binary()), dir.file("bin/wangge"));
    auto linked = run_shell("'" + dir.file("bin/wangge") + "' --version");
    EXPECT_EQ(linked.status, 0) << linked.out;
    expect_contains(linked.out, "wangge 0.1.0");
}
