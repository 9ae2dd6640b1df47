#include "layers/xlsx_book.hpp"

#include "geo/error.hpp"
#include "layers/temp_files.hpp"

#include <cstdio>

namespace wangge::layers {

namespace {

lxw_workbook* new_workbook(const std::string& path, XlsxBook::Memory memory, std::string& tmpdir) {
    if (memory == XlsxBook::Memory::whole) return workbook_new(path.c_str());
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    tmpdir = temp_dir(); // kept by the book: libxlsxwriter may keep the pointer
    options.tmpdir = tmpdir.data();
    return workbook_new_opt(path.c_str(), &options);
}

} // namespace

XlsxBook::XlsxBook(const std::string& path, Memory memory)
    : m_path(path), m_book(new_workbook(path, memory, m_tmpdir)) {
    if (!m_book) throw BackendError(path + ": cannot start a workbook");
}

XlsxBook::~XlsxBook() {
    if (!m_book) return;
    // Closing is the only way to free it; what it writes is then removed.
    workbook_close(m_book);
    std::remove(m_path.c_str());
}

lxw_format* XlsxBook::header() {
    if (!m_header) {
        m_header = workbook_add_format(m_book);
        format_set_bold(m_header);
        format_set_bg_color(m_header, 0xDCE6F1);
        format_set_border(m_header, LXW_BORDER_THIN);
        format_set_text_wrap(m_header);
    }
    return m_header;
}

lxw_format* XlsxBook::text() {
    if (!m_text) {
        m_text = workbook_add_format(m_book);
        format_set_num_format(m_text, "@");
    }
    return m_text;
}

void XlsxBook::close() {
    lxw_error e = workbook_close(m_book);
    m_book = nullptr;
    if (e != LXW_NO_ERROR) throw BackendError(m_path + ": " + lxw_strerror(e));
}

} // namespace wangge::layers
