// Temporary files in TMPDIR: made there, each of its own, and a TMPDIR that cannot hold them named.

#include "geo/error.hpp"
#include "layers/temp_files.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

using namespace wangge;

namespace {

/// Sets TMPDIR for the scope, and puts back what it was.
class TmpdirAs {
public:
    explicit TmpdirAs(const std::string& dir) {
        if (const char* was = std::getenv("TMPDIR")) m_was = was;
        ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~TmpdirAs() {
        if (m_was)
            ::setenv("TMPDIR", m_was->c_str(), 1);
        else
            ::unsetenv("TMPDIR");
    }

private:
    std::optional<std::string> m_was;
};

TEST(TempFiles, AreMadeInTmpdirEachOfItsOwn) {
    test::TempDir dir;
    TmpdirAs tmpdir(dir.path());
    EXPECT_EQ(layers::temp_dir(), dir.path());
    const std::string a = layers::make_temp_file("wangge-test", ".xlsx", "a workbook");
    const std::string b = layers::make_temp_file("wangge-test", ".xlsx", "a workbook");
    EXPECT_NE(a, b);
    for (const std::string& path : {a, b}) {
        EXPECT_EQ(std::filesystem::path(path).parent_path(), dir.path());
        EXPECT_EQ(std::filesystem::path(path).extension(), ".xlsx");
        EXPECT_EQ(std::filesystem::path(path).filename().string().rfind("wangge-test-", 0), 0u) << path;
        EXPECT_TRUE(std::filesystem::is_regular_file(path));
        EXPECT_EQ(std::filesystem::file_size(path), 0u);
    }
}

TEST(TempFiles, AMissingTmpdirIsNamed) {
    test::TempDir dir;
    TmpdirAs tmpdir(dir.file("missing"));
    try {
        layers::make_temp_file("wangge-test", ".xlsx", "a workbook");
        FAIL() << "no error";
    } catch (const BackendError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("a workbook"), std::string::npos) << what;
        EXPECT_NE(what.find(dir.file("missing")), std::string::npos) << what;
        EXPECT_NE(what.find("TMPDIR"), std::string::npos) << what;
    }
}

TEST(TempFiles, AnEmptyTmpdirMeansTmp) {
    TmpdirAs tmpdir("");
    EXPECT_EQ(layers::temp_dir(), "/tmp");
}

} // namespace
