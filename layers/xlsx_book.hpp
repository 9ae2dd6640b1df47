#pragma once

// The one owner of a libxlsxwriter workbook: every workbook wangge writes (assessment bulletin,
// map ranking, census findings) goes through it.

#include <xlsxwriter.h>

#include <string>

namespace wangge::layers {

class XlsxBook {
public:
    /// How a workbook holds its cells: all in memory (any order), or each row written out to a
    /// temporary file (in $TMPDIR) once the next begins, so that memory does not grow with the rows;
    /// then every sheet is written row by row, top to bottom.
    enum class Memory { whole, by_row };

    /// Starts a workbook that close() writes to `path`.
    explicit XlsxBook(const std::string& path, Memory memory = Memory::whole);
    /// Discards a workbook that was not closed (libxlsxwriter writes only on close).
    ~XlsxBook();
    XlsxBook(const XlsxBook&) = delete;
    XlsxBook& operator=(const XlsxBook&) = delete;

    lxw_workbook* get() const noexcept { return m_book; }
    /// The house formats, made once a book: a header cell (bold, tinted, bordered, wrapped) and a
    /// text cell (codes stay text: a spreadsheet would round a 16-digit number).
    lxw_format* header();
    lxw_format* text();
    /// Writes the file; throws BackendError naming it when libxlsxwriter cannot.
    void close();

private:
    std::string m_path;
    std::string m_tmpdir; // for a book written row by row; before m_book, which is made with it
    lxw_workbook* m_book;
    lxw_format* m_header = nullptr;
    lxw_format* m_text = nullptr;
};

} // namespace wangge::layers
