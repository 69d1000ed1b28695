#include "extract/html_dom.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

#include <gumbo.h>

#include "common/utf8.h"
#include "extract/block_tags.h"

namespace gazette::extract {
namespace {

// The one owner of everything gumbo allocates during a parse: a bump arena. Freeing is a no-op,
// so a parse costs no free() calls and the tree is released at once, without walking it
// (gumbo_destroy_output is never needed). Not thread-safe; one per parse.
class GumboArena {
 public:
  static void* allocate(void* userdata, std::size_t size) noexcept {
    return static_cast<GumboArena*>(userdata)->take(size);
  }
  static void release(void* /*userdata*/, void* /*ptr*/) noexcept {}

 private:
  static constexpr std::size_t kChunk = std::size_t{64} << 10;
  static constexpr std::size_t kAlign = alignof(std::max_align_t);

  void* take(std::size_t size) noexcept {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > kChunk / 4) {  // large blocks get a chunk of their own
      chunks_.push_back(std::unique_ptr<char[]>(new (std::nothrow) char[size]));
      return chunks_.back().get();
    }
    if (size > left_) {
      chunks_.push_back(std::unique_ptr<char[]>(new (std::nothrow) char[kChunk]));
      next_ = chunks_.back().get();
      left_ = next_ == nullptr ? 0 : kChunk;
      if (next_ == nullptr) return nullptr;
    }
    void* out = next_;
    next_ += size;
    left_ -= size;
    return out;
  }

  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

Tag map_unknown(const GumboElement& element) {
  GumboStringPiece name = element.original_tag;
  gumbo_tag_from_original_text(&name);
  const std::string_view view(name.data, name.length);
  if (ascii_iequals(view, "dialog")) return Tag::kDialog;
  return Tag::kOther;
}

Tag map_tag(const GumboElement& element) {
  switch (element.tag) {
    case GUMBO_TAG_HTML:
      return Tag::kHtml;
    case GUMBO_TAG_HEAD:
      return Tag::kHead;
    case GUMBO_TAG_TITLE:
      return Tag::kTitle;
    case GUMBO_TAG_META:
      return Tag::kMeta;
    case GUMBO_TAG_LINK:
      return Tag::kLink;
    case GUMBO_TAG_BASE:
      return Tag::kBase;
    case GUMBO_TAG_BODY:
      return Tag::kBody;
    case GUMBO_TAG_SCRIPT:
      return Tag::kScript;
    case GUMBO_TAG_STYLE:
      return Tag::kStyle;
    case GUMBO_TAG_NOSCRIPT:
      return Tag::kNoscript;
    case GUMBO_TAG_TEMPLATE:
      return Tag::kTemplate;
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
      return Tag::kIframe;
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_PARAM:
      return Tag::kObject;
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_NOEMBED:
      return Tag::kEmbed;
    case GUMBO_TAG_SVG:
      return Tag::kSvg;
    case GUMBO_TAG_MATH:
      return Tag::kMath;
    case GUMBO_TAG_CANVAS:
      return Tag::kCanvas;
    case GUMBO_TAG_VIDEO:
      return Tag::kVideo;
    case GUMBO_TAG_AUDIO:
      return Tag::kAudio;
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
      return Tag::kSource;
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
      return Tag::kImg;
    case GUMBO_TAG_FIGURE:
      return Tag::kFigure;
    case GUMBO_TAG_FIGCAPTION:
      return Tag::kFigcaption;
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_DATALIST:
      return Tag::kSelect;
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
      return Tag::kOption;
    case GUMBO_TAG_BUTTON:
      return Tag::kButton;
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_ISINDEX:
      return Tag::kInput;
    case GUMBO_TAG_TEXTAREA:
      return Tag::kTextarea;
    case GUMBO_TAG_FORM:
      return Tag::kForm;
    case GUMBO_TAG_LABEL:
      return Tag::kLabel;
    case GUMBO_TAG_FIELDSET:
      return Tag::kFieldset;
    case GUMBO_TAG_LEGEND:
      return Tag::kLegend;
    case GUMBO_TAG_NAV:
      return Tag::kNav;
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
      return Tag::kHeader;
    case GUMBO_TAG_FOOTER:
      return Tag::kFooter;
    case GUMBO_TAG_ASIDE:
      return Tag::kAside;
    case GUMBO_TAG_MAIN:
      return Tag::kMain;
    case GUMBO_TAG_ARTICLE:
      return Tag::kArticle;
    case GUMBO_TAG_SECTION:
      return Tag::kSection;
    case GUMBO_TAG_DIV:
      return Tag::kDiv;
    case GUMBO_TAG_P:
      return Tag::kP;
    case GUMBO_TAG_SPAN:
      return Tag::kSpan;
    case GUMBO_TAG_A:
      return Tag::kA;
    case GUMBO_TAG_BR:
      return Tag::kBr;
    case GUMBO_TAG_HR:
      return Tag::kHr;
    case GUMBO_TAG_H1:
      return Tag::kH1;
    case GUMBO_TAG_H2:
      return Tag::kH2;
    case GUMBO_TAG_H3:
      return Tag::kH3;
    case GUMBO_TAG_H4:
      return Tag::kH4;
    case GUMBO_TAG_H5:
      return Tag::kH5;
    case GUMBO_TAG_H6:
      return Tag::kH6;
    case GUMBO_TAG_UL:
      return Tag::kUl;
    case GUMBO_TAG_OL:
      return Tag::kOl;
    case GUMBO_TAG_LI:
      return Tag::kLi;
    case GUMBO_TAG_DL:
      return Tag::kDl;
    case GUMBO_TAG_DT:
      return Tag::kDt;
    case GUMBO_TAG_DD:
      return Tag::kDd;
    case GUMBO_TAG_MENU:
      return Tag::kMenu;
    case GUMBO_TAG_DIR:
      return Tag::kDir;
    case GUMBO_TAG_TABLE:
      return Tag::kTable;
    case GUMBO_TAG_THEAD:
      return Tag::kThead;
    case GUMBO_TAG_TBODY:
      return Tag::kTbody;
    case GUMBO_TAG_TFOOT:
      return Tag::kTfoot;
    case GUMBO_TAG_TR:
      return Tag::kTr;
    case GUMBO_TAG_TD:
      return Tag::kTd;
    case GUMBO_TAG_TH:
      return Tag::kTh;
    case GUMBO_TAG_CAPTION:
      return Tag::kCaption;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
      return Tag::kPre;
    case GUMBO_TAG_CODE:
      return Tag::kCode;
    case GUMBO_TAG_BLOCKQUOTE:
      return Tag::kBlockquote;
    case GUMBO_TAG_ADDRESS:
      return Tag::kAddress;
    case GUMBO_TAG_TIME:
      return Tag::kTime;
    case GUMBO_TAG_CENTER:
      return Tag::kCenter;
    case GUMBO_TAG_DETAILS:
      return Tag::kDetails;
    case GUMBO_TAG_SUMMARY:
      return Tag::kSummary;
    case GUMBO_TAG_MAP:
      return Tag::kMap;
    case GUMBO_TAG_AREA:
      return Tag::kArea;
    case GUMBO_TAG_WBR:
      return Tag::kWbr;
    case GUMBO_TAG_UNKNOWN:
      return map_unknown(element);
    default:
      return Tag::kOther;
  }
}

}  // namespace

Document Document::parse(std::string_view utf8_html, const ParseOptions& options) {
  Document doc;
  GumboArena arena;  // owns the whole gumbo tree; released when this function returns
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;  // recording parse errors is costly and we never read them
  gumbo_options.allocator = &GumboArena::allocate;
  gumbo_options.deallocator = &GumboArena::release;
  gumbo_options.userdata = &arena;
  const GumboOutput* output =
      gumbo_parse_with_options(&gumbo_options, utf8_html.data(), utf8_html.size());
  if (output == nullptr || output->root == nullptr) {
    doc.nodes_.push_back(Node{});
    doc.nodes_.back().tag = Tag::kHtml;
    doc.ends_.push_back(1);
    return doc;
  }
  doc.nodes_.reserve(utf8_html.size() / 24 + 16);
  // Strings are gathered as (offset, length) spans while the byte store grows, then turned into
  // views once it no longer moves.
  struct Span {
    std::size_t offset;
    std::size_t length;
  };
  std::vector<char>& store = doc.strings_;
  store.reserve(utf8_html.size() + 64);
  // Gumbo 0.10.1 can write invalid UTF-8 for a numeric character reference that overflows
  // (&#x0eee...e7;, found by fuzzing): every string it gives is checked, and repaired if need be.
  auto add_string = [&store](std::string_view text) {
    const std::size_t start = store.size();
    if (first_invalid_utf8(text)) {
      std::string repaired;
      append_valid_utf8(repaired, text);
      store.insert(store.end(), repaired.begin(), repaired.end());
    } else {
      store.insert(store.end(), text.begin(), text.end());
    }
    return Span{start, store.size() - start};
  };
  std::vector<Span> text_spans;  // per node (length 0 for elements)
  std::vector<std::pair<Span, Span>> attribute_spans;
  std::vector<std::int32_t> last_child;
  last_child.reserve(doc.nodes_.capacity());

  struct Pending {
    const GumboNode* node;
    std::int32_t parent;
    std::uint32_t depth;
  };
  std::vector<Pending> stack;
  stack.push_back({output->root, -1, 0});
  while (!stack.empty()) {
    const Pending item = stack.back();
    stack.pop_back();
    const GumboNode* gnode = item.node;
    Node node;
    Span text_span{0, 0};
    node.parent = item.parent;
    node.depth = item.depth;
    if (gnode->type == GUMBO_NODE_ELEMENT || gnode->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& element = gnode->v.element;
      node.tag = gnode->type == GUMBO_NODE_TEMPLATE ? Tag::kTemplate : map_tag(element);
      node.attr_begin = static_cast<std::uint32_t>(attribute_spans.size());
      for (unsigned i = 0; i < element.attributes.length; ++i) {
        const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
        const std::string_view name(attribute->name);
        if (!options.keep_attributes.empty() &&
            std::find(options.keep_attributes.begin(), options.keep_attributes.end(), name) ==
                options.keep_attributes.end()) {
          continue;
        }
        const Span name_span = add_string(name);
        attribute_spans.emplace_back(name_span, add_string(attribute->value));
        ++node.attr_count;
      }
    } else if (gnode->type == GUMBO_NODE_TEXT || gnode->type == GUMBO_NODE_WHITESPACE ||
               gnode->type == GUMBO_NODE_CDATA) {
      node.tag = Tag::kText;
      text_span = add_string(gnode->v.text.text);
    } else {
      continue;  // comments, the document node
    }
    const auto id = static_cast<std::int32_t>(doc.nodes_.size());
    doc.nodes_.push_back(node);
    text_spans.push_back(text_span);
    last_child.push_back(-1);
    doc.max_depth_ = std::max(doc.max_depth_, item.depth);
    if (item.parent >= 0) {
      const auto p = static_cast<std::size_t>(item.parent);
      if (last_child[p] < 0) {
        doc.nodes_[p].first_child = id;
      } else {
        doc.nodes_[static_cast<std::size_t>(last_child[p])].next_sibling = id;
      }
      last_child[p] = id;
    }
    if (gnode->type == GUMBO_NODE_ELEMENT || gnode->type == GUMBO_NODE_TEMPLATE) {
      const GumboVector& children = gnode->v.element.children;
      // Reverse push so that children pop in document order (pre-order numbering).
      for (unsigned i = children.length; i > 0; --i) {
        stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), id, item.depth + 1});
      }
    }
  }
  const char* base = store.data();
  for (std::size_t i = 0; i < doc.nodes_.size(); ++i) {
    if (text_spans[i].length > 0) {
      doc.nodes_[i].text = std::string_view(base + text_spans[i].offset, text_spans[i].length);
    }
  }
  doc.attributes_.reserve(attribute_spans.size());
  for (const auto& [name, value] : attribute_spans) {
    doc.attributes_.push_back(Attribute{std::string_view(base + name.offset, name.length),
                                        std::string_view(base + value.offset, value.length)});
  }
  doc.ends_.resize(doc.nodes_.size());
  for (std::size_t i = 0; i < doc.nodes_.size(); ++i)
    doc.ends_[i] = static_cast<std::int32_t>(i + 1);
  for (std::size_t i = doc.nodes_.size(); i-- > 1;) {
    const std::int32_t parent = doc.nodes_[i].parent;
    if (parent >= 0) {
      auto& end = doc.ends_[static_cast<std::size_t>(parent)];
      end = std::max(end, doc.ends_[i]);
    }
  }
  return doc;
}

std::string_view Document::attr(std::int32_t id, std::string_view name) const {
  const Node& n = node(id);
  for (std::uint32_t i = 0; i < n.attr_count; ++i) {
    const Attribute& a = attributes_[n.attr_begin + i];
    if (a.name == name) return a.value;
  }
  return {};
}

bool Document::has_attr(std::int32_t id, std::string_view name) const {
  const Node& n = node(id);
  for (std::uint32_t i = 0; i < n.attr_count; ++i) {
    if (attributes_[n.attr_begin + i].name == name) return true;
  }
  return false;
}

std::int32_t Document::find_first(Tag tag) const {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].tag == tag) return static_cast<std::int32_t>(i);
  }
  return -1;
}

std::vector<std::int32_t> Document::find_all(Tag tag) const {
  std::vector<std::int32_t> found;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].tag == tag) found.push_back(static_cast<std::int32_t>(i));
  }
  return found;
}

bool Document::contains(std::int32_t ancestor, std::int32_t id) const {
  return id >= ancestor && id < subtree_end(ancestor);
}

std::string Document::text_content(std::int32_t id) const {
  std::string raw;
  const std::int32_t end = subtree_end(id);
  std::vector<std::int32_t> block_ends;  // open block elements: a space where each one ends too
  for (std::int32_t i = id; i < end;) {
    while (!block_ends.empty() && block_ends.back() <= i) {
      raw += ' ';
      block_ends.pop_back();
    }
    const Node& n = node(i);
    if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate) {
      i = subtree_end(i);
      continue;
    }
    if (n.tag == Tag::kText) {
      raw += n.text;
    } else if (is_block_tag(n.tag) && i != id) {
      raw += ' ';
      block_ends.push_back(subtree_end(i));
    }
    ++i;
  }
  return collapse_whitespace(raw);
}

bool is_block_tag(Tag tag) {
  // A table indexed by Tag (one byte), built at compile time from the shared list: this runs for
  // every node of every text walk.
  static constexpr auto kIsBlock = [] {
    std::array<bool, 256> table{};
    for (const BlockTag& block : kBlockTags) table[static_cast<std::size_t>(block.tag)] = true;
    return table;
  }();
  return kIsBlock[static_cast<std::size_t>(tag)];
}

bool is_heading_tag(Tag tag) {
  return tag == Tag::kH1 || tag == Tag::kH2 || tag == Tag::kH3 || tag == Tag::kH4 ||
         tag == Tag::kH5 || tag == Tag::kH6;
}

bool is_non_content_tag(Tag tag) {
  switch (tag) {
    case Tag::kHead:
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kIframe:
    case Tag::kObject:
    case Tag::kEmbed:
    case Tag::kSvg:
    case Tag::kMath:
    case Tag::kCanvas:
    case Tag::kVideo:
    case Tag::kAudio:
    case Tag::kSelect:
    case Tag::kOption:
    case Tag::kButton:
    case Tag::kInput:
    case Tag::kTextarea:
    case Tag::kMap:
    case Tag::kTitle:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kBase:
    case Tag::kDialog:
      return true;
    default:
      return false;
  }
}

}  // namespace gazette::extract
