#pragma once

#include <string>

namespace wangge::layers {

/// The folder for temporary files: $TMPDIR when it is set, else /tmp.
std::string temp_dir();

/// A new empty file of this process's own in temp_dir(), named PREFIX-XXXXXX with `suffix`
/// (mkstemps): its path, for a library that writes to a path (a workbook). Throws BackendError
/// "cannot create a temporary file for WHAT in DIR: why (set TMPDIR to a writable folder)".
std::string make_temp_file(const std::string& prefix, const std::string& suffix, const std::string& what);

/// Keeps a temporary file on the list of files removed when the process is interrupted, for as
/// long as the guard lives. The guard does not remove the file itself: the code that made it
/// renames or removes it; the list is for SIGINT, SIGTERM and SIGHUP, which end the process
/// before that code runs. SQLite's side files (`-journal`, `-wal`, `-shm`) go with it.
/// Thread-safe; at most a few dozen guards at once (more are not tracked).
class TempFileGuard {
public:
    explicit TempFileGuard(const std::string& path);
    ~TempFileGuard();
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;

private:
    int m_slot = -1;
};

/// Installs the handlers that remove the guarded files on SIGINT, SIGTERM and SIGHUP, then end
/// the process by the same signal (so that the shell sees the usual status). Call once, early.
void remove_temporaries_on_signals();

/// Removes `path` and SQLite's side files beside it; no error when they are not there.
void remove_with_side_files(const std::string& path) noexcept;

} // namespace wangge::layers
