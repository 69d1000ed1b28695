// What `gazette-crawl extract` shows people of an ExtractResult: a labelled listing of every
// field, where it came from, then the text. (Its --json output is common/article.h to_json_line.)
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "extract/extract.h"

namespace gazette::extract {

// The listing for people: "title:       ..." lines, one per field (with its source in
// parentheses), the feed links and warnings, then "text (SOURCE):", a blank line and the text.
// Ends with a newline.
[[nodiscard]] std::string render_extract_text(const ExtractResult& result);

}  // namespace gazette::extract
