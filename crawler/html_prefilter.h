// A byte-level pass run before parsing, for speed only: the bodies of <script> (except JSON-LD)
// and <style> elements and HTML comments are a quarter of a typical news page's bytes and carry
// no article text. The element tags themselves are kept, so the parser builds the same tree.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gazette::crawler {

// `html` without script bodies (JSON-LD scripts are kept whole), style bodies and comments.
// The end of a script or style body is found the way the HTML tokenizer finds it (the next
// "</script" or "</style", any case); an unterminated one runs to the end of the input.
[[nodiscard]] std::string strip_raw_text_bodies(std::string_view html);

}  // namespace gazette::crawler
