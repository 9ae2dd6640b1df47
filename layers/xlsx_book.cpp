#include "layers/xlsx_book.hpp"

#include "geo/error.hpp"

#include <cstdio>

namespace wangge::layers {

XlsxBook::XlsxBook(const std::string& path) : m_path(path), m_book(workbook_new(path.c_str())) {
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
