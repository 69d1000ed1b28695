#include "extract/html_prefilter.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "common/utf8.h"
#include "extract/block_tags.h"

namespace gazette::extract {
namespace {

// Whether `s` has `prefix` at `at`, ignoring ASCII case.
bool starts_with_ci(std::string_view s, std::size_t at, std::string_view prefix) {
  return at <= s.size() && ascii_istarts_with(s.substr(at), prefix);
}

// The position of the next "</name" (any case) followed by a tag-name end, or npos.
std::size_t find_end_tag(std::string_view s, std::string_view name, std::size_t from) {
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
    if (at + 2 + name.size() <= s.size() && s[at + 1] == '/' && starts_with_ci(s, at + 2, name)) {
      const std::size_t after = at + 2 + name.size();
      if (after == s.size() || is_html_space(s[after]) || s[after] == '>' || s[after] == '/') {
        return at;
      }
    }
    from = at + 1;
  }
  return std::string_view::npos;
}

// A linear scan: the lists are short and most names differ in length, which is compared first.
template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Elements that never have an end tag.
constexpr std::array<std::string_view, 16> kVoid = {
    "area",  "base",   "br",   "col",  "embed", "hr",     "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr"};

// Elements closed implicitly by a sibling or by their parent's end: not counted as nesting.
constexpr std::array<std::string_view, 19> kImplicit = {
    "body", "colgroup", "dd", "dt",    "head", "html",  "li", "optgroup", "option", "p",
    "rb",   "rp",       "rt", "tbody", "td",   "tfoot", "th", "thead",    "tr"};

// Inline formatting elements that the end of a cell or item closes when left open.
constexpr std::array<std::string_view, 16> kFormatting = {
    "a", "b",     "big",  "code",   "em",     "font", "i",  "nobr",
    "s", "small", "span", "strike", "strong", "sup",  "tt", "u"};

// Raw-text elements whose body is markup-free text the extractor never reads.
constexpr std::array<std::string_view, 7> kDropRawBody = {
    "iframe", "noembed", "noframes", "script", "style", "textarea", "xmp"};

// Ordinary elements whose whole subtree the extractor never reads.
constexpr std::array<std::string_view, 4> kDropSubtree = {"math", "noscript", "select", "svg"};

constexpr std::array<std::string_view, 16> kKeptAttributes = {
    "aria-hidden", "charset", "class", "content",  "datetime", "hidden", "http-equiv", "id",
    "itemprop",    "lang",    "name",  "property", "pubdate",  "rel",    "role",       "xml:lang"};

// <a href> values up to this long stay in the markup (see emit_start_tag).
constexpr std::size_t kShortHrefBytes = 40;

bool style_hides(std::string_view style) {
  std::string s;
  s.reserve(style.size());
  for (char c : style) {
    if (!is_html_space(c)) s += ascii_lower(c);
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

class Prefilter {
 public:
  Prefilter(std::string_view html, const PrefilterOptions& options) : in_(html), options_(options) {
    out_.reserve(html.size() / 2 + 64);
  }

  std::string run(PrefilterStats* stats) {
    while (pos_ < in_.size()) {
      const void* hit = std::memchr(in_.data() + pos_, '<', in_.size() - pos_);
      const std::size_t lt =
          hit == nullptr ? in_.size()
                         : static_cast<std::size_t>(static_cast<const char*>(hit) - in_.data());
      if (!between_blocks(pos_, lt)) copy_text(pos_, lt);
      pos_ = lt;
      if (pos_ >= in_.size()) break;
      markup();
    }
    if (stats != nullptr) *stats = stats_;
    return std::move(out_);
  }

 private:
  // Whether [from, to) is only whitespace and a block-level tag is on either side of it: such
  // whitespace shows nowhere (a block boundary breaks the line anyway), and dropping it spares the
  // parser a text node for every line of indentation.
  bool between_blocks(std::size_t from, std::size_t to) const {
    if (from == to) return false;
    for (std::size_t i = from; i < to; ++i) {
      if (!is_html_space(in_[i])) return false;
    }
    if (is_block_tag_name(last_tag_)) return true;
    std::size_t at = to + 1;
    if (at < in_.size() && in_[at] == '/') ++at;
    std::size_t end = at;
    while (end < in_.size() && end - at < 12 &&
           (is_ascii_alpha(in_[end]) || (in_[end] >= '0' && in_[end] <= '9'))) {
      ++end;
    }
    std::string next;
    for (std::size_t i = at; i < end; ++i) next += ascii_lower(in_[i]);
    return is_block_tag_name(next);
  }

  // Copies text, collapsing whitespace runs and replacing NUL bytes.
  void copy_text(std::size_t from, std::size_t to) {
    std::size_t i = from;
    while (i < to) {
      std::size_t j = i;
      while (j < to && !is_html_space(in_[j]) && in_[j] != '\0') ++j;
      out_.append(in_.data() + i, j - i);
      if (j >= to) break;
      bool newline = false;
      std::size_t k = j;
      while (k < to && (is_html_space(in_[k]) || in_[k] == '\0')) {
        if (in_[k] == '\n' || in_[k] == '\r') newline = true;
        ++k;
      }
      out_ += newline ? '\n' : ' ';
      i = k;
    }
  }

  void markup() {
    const std::size_t lt = pos_;
    if (in_.compare(lt, 4, "<!--") == 0) {
      const std::size_t end = in_.find("-->", lt + 4);
      pos_ = end == std::string_view::npos ? in_.size() : end + 3;
      return;
    }
    if (lt + 1 < in_.size() && (in_[lt + 1] == '!' || in_[lt + 1] == '?')) {
      const std::size_t end = in_.find('>', lt);
      const std::size_t stop = end == std::string_view::npos ? in_.size() : end + 1;
      out_.append(in_.substr(lt, stop - lt));
      pos_ = stop;
      return;
    }
    if (lt + 2 < in_.size() && in_[lt + 1] == '/' && is_ascii_alpha(in_[lt + 2])) {
      end_tag();
      return;
    }
    if (lt + 1 < in_.size() && is_ascii_alpha(in_[lt + 1])) {
      start_tag();
      return;
    }
    out_ += '<';
    pos_ = lt + 1;
  }

  // Reads a tag name at pos_ (lower-cased into name_); advances pos_ past it.
  void read_name() {
    name_.clear();
    while (pos_ < in_.size() && !is_html_space(in_[pos_]) && in_[pos_] != '/' && in_[pos_] != '>') {
      name_ += ascii_lower(in_[pos_]);
      ++pos_;
    }
  }

  struct Attr {
    std::string_view name;  // raw (any case)
    std::string_view raw;   // the whole "name=value" text
    std::string_view value;
  };

  // Reads the attributes up to and including '>'; false when the input ends first.
  bool read_attributes(bool* self_closing) {
    attrs_.clear();
    *self_closing = false;
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (is_html_space(c)) {
        ++pos_;
        continue;
      }
      if (c == '>') {
        ++pos_;
        return true;
      }
      if (c == '/') {
        ++pos_;
        if (pos_ < in_.size() && in_[pos_] == '>') {
          *self_closing = true;
          ++pos_;
          return true;
        }
        continue;
      }
      const std::size_t start = pos_;
      ++pos_;  // the first character may be '='
      while (pos_ < in_.size() && !is_html_space(in_[pos_]) && in_[pos_] != '/' &&
             in_[pos_] != '>' && in_[pos_] != '=') {
        ++pos_;
      }
      Attr attr;
      attr.name = in_.substr(start, pos_ - start);
      std::size_t look = pos_;
      while (look < in_.size() && is_html_space(in_[look])) ++look;
      if (look < in_.size() && in_[look] == '=') {
        pos_ = look + 1;
        while (pos_ < in_.size() && is_html_space(in_[pos_])) ++pos_;
        if (pos_ >= in_.size()) return false;
        const char quote = in_[pos_];
        if (quote == '"' || quote == '\'') {
          const std::size_t close = in_.find(quote, pos_ + 1);
          if (close == std::string_view::npos) return false;
          attr.value = in_.substr(pos_ + 1, close - pos_ - 1);
          pos_ = close + 1;
        } else {
          const std::size_t vstart = pos_;
          while (pos_ < in_.size() && !is_html_space(in_[pos_]) && in_[pos_] != '>') ++pos_;
          attr.value = in_.substr(vstart, pos_ - vstart);
        }
      }
      attr.raw = in_.substr(start, pos_ - start);
      attrs_.push_back(attr);
    }
    return false;
  }

  bool attr_is(std::string_view raw_name, std::string_view lower_name) const {
    return ascii_iequals(raw_name, lower_name);
  }

  void emit_start_tag(bool self_closing) {
    last_tag_ = name_;
    out_ += '<';
    out_ += name_;
    for (const Attr& a : attrs_) {
      bool keep = false;
      for (std::string_view k : kKeptAttributes) {
        if (attr_is(a.name, k)) {
          keep = true;
          break;
        }
      }
      if (!keep) {
        // href: <base> for the crawler, canonical and feed links (<link>, with its type).
        keep = ((name_ == "script" || name_ == "link") && attr_is(a.name, "type")) ||
               ((name_ == "link" || name_ == "base") && attr_is(a.name, "href"));
        // A third of a news page's markup is <a href> values: they are handed over here rather
        // than tokenized again by the parser.
        // Short ones stay too: a heading that links to the site's front page ("/",
        // "https://blog.example/") is the site's name (crawler/headline.h).
        if (name_ == "a" && attr_is(a.name, "href")) {
          stats_.a_hrefs.push_back(a.value);
          keep = a.value.size() <= kShortHrefBytes;
        }
      }
      if (keep) {
        out_ += ' ';
        out_.append(a.raw);
      } else if (attr_is(a.name, "style") && style_hides(a.value)) {
        out_ += " hidden";
      }
    }
    if (self_closing) out_ += '/';
    out_ += '>';
  }

  void start_tag() {
    ++pos_;
    read_name();
    bool self_closing = false;
    if (!read_attributes(&self_closing)) {
      pos_ = in_.size();  // a tag cut off by the end of the input is dropped
      return;
    }
    if (drop_whole_element()) return;
    const bool is_void = one_of(kVoid, name_);
    const bool counted = !is_void && !self_closing && !one_of(kImplicit, name_);
    if (counted && open_.size() >= options_.max_depth) {
      ++stats_.dropped_deep_tags;  // too deep: the tag goes, its text stays
      return;
    }
    if (counted) open_.push_back(name_);
    emit_start_tag(self_closing);
    if (name_ == "title") {
      const std::size_t close = find_end_tag(in_, "title", pos_);
      const std::size_t stop = close == std::string_view::npos ? in_.size() : close;
      out_.append(in_.substr(pos_, stop - pos_));
      pos_ = stop;
    } else if (one_of(kDropRawBody, name_)) {
      const std::size_t close = find_end_tag(in_, name_, pos_);
      const std::size_t stop = close == std::string_view::npos ? in_.size() : close;
      if (name_ == "script" && is_json_ld()) out_.append(in_.substr(pos_, stop - pos_));
      pos_ = stop;
    } else if (!self_closing && one_of(kDropSubtree, name_)) {
      // Not raw text: without an end tag the element may hold the rest of the page, so keep it.
      const std::size_t close = find_end_tag(in_, name_, pos_);
      if (close != std::string_view::npos) pos_ = close;
    }
  }

  // Elements the extractor never reads, removed with their tags (fewer nodes to build):
  // scripts other than JSON-LD, styles, images and form inputs, and <link>s other than
  // canonical and alternate ones. Returns true when the element was skipped.
  bool drop_whole_element() {
    if (name_ == "img" || name_ == "input" || name_ == "source" || name_ == "track") return true;
    if (name_ == "link") return !link_is_read();
    if ((name_ == "script" && !is_json_ld()) || name_ == "style") {
      const std::size_t close = find_end_tag(in_, name_, pos_);
      if (close == std::string_view::npos) {
        pos_ = in_.size();
      } else {
        const std::size_t gt = in_.find('>', close);
        pos_ = gt == std::string_view::npos ? in_.size() : gt + 1;
      }
      return true;
    }
    return false;
  }

  bool link_is_read() const {
    for (const Attr& a : attrs_) {
      if (!attr_is(a.name, "rel")) continue;
      for (std::size_t k = 0; k < a.value.size(); ++k) {
        if (starts_with_ci(a.value, k, "canonical") || starts_with_ci(a.value, k, "alternate")) {
          return true;
        }
      }
    }
    return false;
  }

  bool is_json_ld() const {
    for (const Attr& a : attrs_) {
      if (!attr_is(a.name, "type")) continue;
      for (std::size_t k = 0; k + 7 <= a.value.size(); ++k) {
        if (starts_with_ci(a.value, k, "ld+json")) return true;
      }
    }
    return false;
  }

  void end_tag() {
    pos_ += 2;
    read_name();
    bool self_closing = false;
    if (!read_attributes(&self_closing)) {
      pos_ = in_.size();
      return;
    }
    last_tag_ = name_;
    out_ += "</";
    out_ += name_;
    out_ += '>';
    if (one_of(kImplicit, name_)) {
      // The end of a cell, item or paragraph closes formatting elements left open inside it.
      while (!open_.empty() && one_of(kFormatting, std::string_view(open_.back()))) {
        open_.pop_back();
      }
      return;
    }
    for (std::size_t k = open_.size(); k-- > 0;) {
      if (open_[k] == name_) {
        open_.resize(k);
        break;
      }
    }
  }

  std::string_view in_;
  const PrefilterOptions& options_;
  std::size_t pos_ = 0;
  std::string out_;
  std::string name_;
  std::string last_tag_;  // the name of the last tag written (start or end)
  std::vector<Attr> attrs_;
  std::vector<std::string> open_;
  PrefilterStats stats_;
};

}  // namespace

std::string prefilter_html(std::string_view html, const PrefilterOptions& options,
                           PrefilterStats* stats) {
  return Prefilter(html, options).run(stats);
}

}  // namespace gazette::extract
