// Whether an element sits in the page's chrome rather than its article: inside a footer,
// navigation or aside element, or under a class/id naming a footer, sidebar, comments or
// related links. Used to pass over headings, dates and bylines that belong to other articles.
// Pure function; thread-safe.
#pragma once

#include <cstdint>

#include "extract/html_dom.h"

namespace gazette::extract {

[[nodiscard]] bool in_page_chrome(const Document& doc, std::int32_t id);

}  // namespace gazette::extract
