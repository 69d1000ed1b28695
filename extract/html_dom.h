// A compact, read-only HTML5 tree built with gumbo (the HTML5 parsing algorithm, so broken markup
// is repaired the way browsers repair it). The tree is flattened into arrays of nodes linked by
// index, so every walk over it is iterative: 10,000-deep nesting costs no stack.
// Thread-safety: a Document is immutable after parse(); concurrent reads are safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

// The elements the extractor distinguishes; everything else is kOther (treated as inline).
enum class Tag : std::uint8_t {
  kText,  // a text node (not an element)
  kOther,
  kHtml,
  kHead,
  kTitle,
  kMeta,
  kLink,
  kBase,
  kBody,
  kScript,
  kStyle,
  kNoscript,
  kTemplate,
  kIframe,
  kObject,
  kEmbed,
  kSvg,
  kMath,
  kCanvas,
  kVideo,
  kAudio,
  kPicture,
  kSource,
  kImg,
  kFigure,
  kFigcaption,
  kSelect,
  kOption,
  kButton,
  kInput,
  kTextarea,
  kForm,
  kLabel,
  kFieldset,
  kLegend,
  kNav,
  kHeader,
  kFooter,
  kAside,
  kMain,
  kArticle,
  kSection,
  kDiv,
  kP,
  kSpan,
  kA,
  kBr,
  kHr,
  kH1,
  kH2,
  kH3,
  kH4,
  kH5,
  kH6,
  kUl,
  kOl,
  kLi,
  kDl,
  kDt,
  kDd,
  kMenu,
  kDir,
  kTable,
  kThead,
  kTbody,
  kTfoot,
  kTr,
  kTd,
  kTh,
  kCaption,
  kPre,
  kCode,
  kBlockquote,
  kAddress,
  kTime,
  kCenter,
  kDetails,
  kSummary,
  kDialog,
  kMap,
  kArea,
  kWbr,
};

// Strings in a Document (attribute names and values, text) are views into the Document's own
// storage: valid as long as the Document lives.
struct Attribute {
  std::string_view name;   // lower-case
  std::string_view value;  // entity-decoded
};

struct Node {
  Tag tag = Tag::kOther;
  std::int32_t parent = -1;
  std::int32_t first_child = -1;
  std::int32_t next_sibling = -1;
  std::uint32_t attr_begin = 0;  // index into Document::attributes()
  std::uint32_t attr_count = 0;
  std::uint32_t depth = 0;  // 0 for the root element
  std::string_view text;    // text nodes only: the decoded text
};

// Options for Document::parse.
struct ParseOptions {
  // Only attributes with these names are kept (the extractor needs few; keeping all costs time).
  // Empty keeps every attribute.
  std::vector<std::string> keep_attributes;
};

// Move-only: its nodes point into storage it owns.
class Document {
 public:
  Document() = default;
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // Parses UTF-8 HTML. Never fails: any input yields a tree with at least an <html> root.
  // Invalid UTF-8 is replaced by gumbo with U+FFFD. Text of <script>/<style> is kept as text nodes
  // under those elements (callers skip them); comments are dropped.
  static Document parse(std::string_view utf8_html, const ParseOptions& options = {});

  [[nodiscard]] std::int32_t root() const { return nodes_.empty() ? -1 : 0; }
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  [[nodiscard]] const Node& node(std::int32_t id) const {
    return nodes_[static_cast<std::size_t>(id)];
  }
  [[nodiscard]] bool is_element(std::int32_t id) const { return node(id).tag != Tag::kText; }

  // The value of attribute `name` (lower-case) on element `id`, or "" when absent.
  [[nodiscard]] std::string_view attr(std::int32_t id, std::string_view name) const;
  [[nodiscard]] bool has_attr(std::int32_t id, std::string_view name) const;
  // All kept attributes of element `id` (names lower-case), for reading several in one pass.
  [[nodiscard]] std::span<const Attribute> attributes(std::int32_t id) const {
    const Node& n = node(id);
    return std::span<const Attribute>(attributes_).subspan(n.attr_begin, n.attr_count);
  }

  // The first element with this tag in document order, or -1.
  [[nodiscard]] std::int32_t find_first(Tag tag) const;
  // All elements with this tag in document order.
  [[nodiscard]] std::vector<std::int32_t> find_all(Tag tag) const;

  // Whether `ancestor` is `id` or one of its ancestors.
  [[nodiscard]] bool contains(std::int32_t ancestor, std::int32_t id) const;

  // The text under `id` (a text node or element) with whitespace runs collapsed to one space and
  // trimmed; text under script/style/template is skipped. Iterative.
  [[nodiscard]] std::string text_content(std::int32_t id) const;

  // Nodes are stored in document (pre-)order: the subtree of `id` is the index range
  // [id, subtree_end(id)).
  [[nodiscard]] std::int32_t subtree_end(std::int32_t id) const {
    return ends_[static_cast<std::size_t>(id)];
  }

  [[nodiscard]] std::uint32_t max_depth() const { return max_depth_; }

 private:
  std::vector<Node> nodes_;
  std::vector<std::int32_t> ends_;
  std::vector<Attribute> attributes_;
  std::vector<char> strings_;  // the bytes every string_view above points into
  std::uint32_t max_depth_ = 0;
};

// Whether the tag starts a new line of text (block-level, list item, table cell, <br>, ...).
[[nodiscard]] bool is_block_tag(Tag tag);
[[nodiscard]] bool is_heading_tag(Tag tag);
// Whether the subtree never holds readable text (script, style, svg, form controls, ...).
[[nodiscard]] bool is_non_content_tag(Tag tag);

}  // namespace gazette::extract
