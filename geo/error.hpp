#pragma once

#include <stdexcept>
#include <string>

namespace wangge {

/// Root of every failure Wangge reports. Findings (defects in the data a check exists to find)
/// are data, never exceptions.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input: a file, row or field the user must fix. The command line exits 2.
class InputError : public Error {
public:
    using Error::Error;
};

/// Bad command-line usage. The command line exits 2.
class UsageError : public Error {
public:
    using Error::Error;
};

/// A library, database or I/O failure, with the library's own message. The command line exits 1.
class BackendError : public Error {
public:
    using Error::Error;
};

} // namespace wangge
