#include "layers/output_file.hpp"

#include "geo/error.hpp"
#include "layers/fault_injection.hpp"
#include "layers/sqlite_reader.hpp"
#include "layers/temp_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace wangge::layers {

namespace fs = std::filesystem;

namespace {

struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const FileId& o) const { return dev == o.dev && ino == o.ino; }
};

/// The file a path names after following symlinks; nullopt when there is none yet.
std::optional<FileId> file_id(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return FileId{st.st_dev, st.st_ino};
}

/// Where a path that does not exist yet would be: its folder resolved, then its name.
std::string future_location(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? path : p.string();
}

bool is_database(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    return in.gcount() == 16 && std::memcmp(header, "SQLite format 3", 16) == 0;
}

/// A GeoPackage whose wangge_meta table names it as `format`.
bool has_format(const std::string& path, const std::string& format) {
    try {
        SqliteTableReader db(path);
        std::vector<std::string> tables = db.table_names();
        return std::find(tables.begin(), tables.end(), "wangge_meta") != tables.end() &&
               db.meta_value("wangge_meta", "format") == format;
    } catch (const std::exception&) {
        return false;
    }
}

bool disk_full(const fs::path& dir, int saved_errno) {
    if (saved_errno == ENOSPC || saved_errno == EDQUOT) return true;
    struct statvfs st {};
    if (::statvfs(dir.c_str(), &st) != 0) return false;
    return static_cast<unsigned long long>(st.f_bavail) * st.f_frsize < 64 * 1024;
}

/// Forces a file's bytes to disk: a full disk can surface only here, as ENOSPC.
void sync_file(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw BackendError(std::strerror(errno));
    int rc = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    if (rc != 0) {
        errno = saved;
        throw BackendError(std::strerror(saved));
    }
}

void sync_folder(const fs::path& dir) noexcept {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

std::string first_line(const std::string& message, std::size_t limit) {
    std::string line = message.substr(0, message.find('\n'));
    if (line.size() > limit) {
        line.resize(limit);
        // Do not cut a UTF-8 character in two.
        while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) line.pop_back();
        if (!line.empty() && static_cast<unsigned char>(line.back()) >= 0xC0) line.pop_back();
        line += "…";
    }
    return line;
}

void check_writable(const std::string& path) {
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir)) throw InputError(path + ": the folder " + dir.string() + " does not exist");
    if (access(dir.c_str(), W_OK) != 0)
        throw InputError(path + ": the folder " + dir.string() + " is not writable");
    if (fs::is_directory(path)) throw InputError(path + ": is a folder, not a file");
}

void check_outputs(const std::vector<OutputPath>& outputs, const std::vector<NamedPath>& inputs) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const NamedPath& out = outputs[i].name;
        check_writable(out.path);
        std::optional<FileId> id = file_id(out.path);
        for (const NamedPath& in : inputs) {
            std::optional<FileId> in_id = file_id(in.path);
            if (id && in_id && *id == *in_id)
                throw UsageError(out.role + " " + out.path + " is " + in.role + " (" + in.path +
                                 "); wangge never writes over what it reads: choose another file");
        }
        for (std::size_t j = 0; j < i; ++j) {
            const NamedPath& other = outputs[j].name;
            std::optional<FileId> other_id = file_id(other.path);
            bool same =
                id && other_id ? *id == *other_id : future_location(out.path) == future_location(other.path);
            if (same) throw UsageError(out.role + " and " + other.role + " name the same file, " + out.path);
        }
        const auto& format = outputs[i].replaces_format;
        if (id && is_database(out.path) && !(format && has_format(out.path, *format)))
            throw UsageError(out.role + " " + out.path +
                             ": a database (GeoPackage or SQLite) is there and wangge did not write it as " +
                             "this output; it will not overwrite it: choose another file or remove it");
    }
}

void write_output(const std::string& path, const std::function<void(const std::string& tmp)>& writer,
                  const std::vector<std::string>& sidecars) {
    check_writable(path);
    fs::path target(path);
    // Appended, not added with operator+: GCC 12 warns falsely (-Wrestrict) on "." + a string.
    std::string hidden = ".";
    hidden.append(target.stem().string()).append(".part").append(target.extension().string());
    fs::path tmp = target.parent_path() / hidden;
    const std::string name = target.filename().string();
    auto with = [](fs::path p, const std::string& extension) { return p.replace_extension(extension); };
    auto remove_sidecars = [&] {
        std::error_code ignored;
        for (const std::string& e : sidecars) fs::remove(with(tmp, e), ignored);
    };
    remove_with_side_files(tmp.string());
    remove_sidecars();
    TempFileGuard guard(tmp.string());
    try {
        errno = 0;
        writer(tmp.string());
        sync_file(tmp);
        for (const std::string& e : sidecars) sync_file(with(tmp, e));
        fault_point("output.rename");
        // The sidecars first: the output itself, moved last, says the set is complete.
        for (const std::string& e : sidecars) fs::rename(with(tmp, e), with(target, e));
        fs::rename(tmp, target);
        sync_folder(target.parent_path());
    } catch (const std::exception& e) {
        int saved = errno;
        remove_with_side_files(tmp.string());
        remove_sidecars();
        if (disk_full(target.parent_path().empty() ? fs::path(".") : target.parent_path(), saved))
            throw BackendError("disk full writing " + name + " (the previous file, if any, is kept)");
        if (dynamic_cast<const InputError*>(&e) || dynamic_cast<const UsageError*>(&e)) throw;
        throw BackendError("cannot write " + name + ": " + first_line(e.what()));
    } catch (...) {
        remove_with_side_files(tmp.string());
        remove_sidecars();
        throw;
    }
}

void write_text_output(const std::string& path, const std::string& text) {
    write_bytes_output(path, text + "\n");
}

void write_bytes_output(const std::string& path, const std::string& bytes) {
    write_stream_output(path, [&](std::ostream& out) { out << bytes; });
}

void write_stream_output(const std::string& path, const std::function<void(std::ostream& out)>& writer) {
    write_output(path, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw BackendError(std::strerror(errno));
        writer(out);
        out.close();
        if (out.fail()) throw BackendError(std::strerror(errno ? errno : EIO));
    });
}

} // namespace wangge::layers
