// One file for one algorithm: the Extractor class below is a pipeline (classify elements, cut the
// text into blocks, aggregate per element, decide drops, score candidates, choose roots, select
// blocks, fall back) whose stages read and write the same per-node arrays. Split over files, those
// arrays would become a shared mutable struct in a header; kept here, they stay private members.
// Tunables are at the top; the small free helpers above the class serve only it.
#include "extract/content.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "extract/boilerplate_hints.h"
#include "extract/headline.h"

namespace gazette::extract {
namespace {

constexpr char kBreakMarker = '\x01';  // stands for <br> until a block's text is finished

// A block is "good" (paragraph-like) when it is this long (non-space code points) ...
constexpr std::uint32_t kGoodChars = 60;
// ... and at most this share of it is link text.
// (60 and the thresholds below were chosen on the dragnet set; neighbouring values score within
// 0.002 F1, so they are not tuned to it.)
constexpr double kGoodMaxLinkDensity = 0.3;
// A drop-marked subtree holding more than this share of the page's good text is kept anyway:
// class names like "main-with-comments" must not remove the article.
constexpr double kDropSafeguardShare = 0.4;
// A drop-marked subtree is kept when an article-named element inside it holds at least this much
// good text (and most of the subtree's): see article_inside().
constexpr std::uint32_t kRescueMinChars = 200;
// Blocks shorter than this (visible characters) add nothing to their ancestors' scores.
constexpr std::uint32_t kMinScoredChars = 25;
// A candidate starting at most this many characters of text after the headline (or holding it,
// with at most kHeadlineMaxLeadChars before it: a kicker, a date) ...
constexpr std::uint32_t kHeadlineMaxGapChars = 500;
constexpr std::uint32_t kHeadlineMaxLeadChars = 100;
// A candidate holding the headline holds it at most this many levels down.
constexpr std::uint32_t kHeadlineMaxDepth = 2;
// ... gets this bonus (the scale of one class-name hint) when it holds this much good text (less
// in proportion).
constexpr double kHeadlineBonus = 50;
constexpr double kHeadlineFullBonusChars = 300;
// A comments heading ends the article only after this much article text.
constexpr std::uint32_t kCommentsCutMinChars = 200;
// Inside the article container, a block with more link text than this is a link, not prose.
constexpr double kMaxBlockLinkDensity = 0.6;

// The article lead above the body container (see headline_lead): at most this many blocks, ...
constexpr std::size_t kLeadMaxBlocks = 10;
// ... of at most this many characters in all, ...
constexpr std::uint32_t kLeadMaxChars = 700;
// ... none longer than this.
constexpr std::uint32_t kLeadMaxBlockChars = 250;

struct Block {
  std::string raw;
  std::int32_t first_node = -1;  // the block's first text node (blocks are in document order)
  std::int32_t owner = -1;
  std::uint32_t chars = 0;
  std::uint32_t link_chars = 0;
  std::uint32_t commas = 0;
  bool heading = false;
};

struct Aggregate {
  std::uint32_t chars = 0;
  std::uint32_t link_chars = 0;
  std::uint32_t good_chars = 0;
  std::uint32_t commas = 0;
};

// Visible characters (code points that are not whitespace) and commas in `text`.
void count_text(std::string_view text, std::uint32_t* chars, std::uint32_t* commas) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80 || is_c_space(text[i])) continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0)
      continue;
    ++*chars;
    if (c == ',') ++*commas;
    // U+FF0C FULLWIDTH COMMA, U+3001 IDEOGRAPHIC COMMA
    if (c == 0xEF && text.compare(i, 3, "\xEF\xBC\x8C") == 0) ++*commas;
    if (c == 0xE3 && text.compare(i, 3, "\xE3\x80\x81") == 0) ++*commas;
  }
}

// Collapses whitespace; break markers become newlines; trims.
std::string finish_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false, pending_break = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == static_cast<unsigned char>(kBreakMarker)) {
      pending_break = true;
      continue;
    }
    if (is_c_space(raw[i])) {
      pending_space = true;
      continue;
    }
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      pending_space = true;
      ++i;
      continue;
    }
    if (!out.empty()) {
      if (pending_break) {
        out += '\n';
      } else if (pending_space) {
        out += ' ';
      }
    }
    pending_space = pending_break = false;
    out += static_cast<char>(c);
  }
  return out;
}

bool has_style_hidden(std::string_view style) {
  std::string s;
  for (char c : style) {
    if (c != ' ' && c != '\t') s += ascii_lower(c);
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

int tag_bonus(Tag tag) {
  switch (tag) {
    case Tag::kDiv:
    case Tag::kArticle:
    case Tag::kMain:
      return 5;
    case Tag::kPre:
    case Tag::kTd:
    case Tag::kBlockquote:
    case Tag::kSection:
      return 3;
    case Tag::kAddress:
    case Tag::kOl:
    case Tag::kUl:
    case Tag::kDl:
    case Tag::kDd:
    case Tag::kDt:
    case Tag::kLi:
    case Tag::kForm:
      return -3;
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kTh:
      return -5;
    default:
      return 0;
  }
}

bool is_cleanable_container(Tag tag) {
  switch (tag) {
    case Tag::kUl:
    case Tag::kOl:
    case Tag::kDl:
    case Tag::kTable:
    case Tag::kDiv:
    case Tag::kSection:
    case Tag::kForm:
    case Tag::kAside:
    case Tag::kHeader:
    case Tag::kFooter:
    case Tag::kNav:
    case Tag::kCenter:
    case Tag::kMenu:
    case Tag::kFieldset:
    case Tag::kTbody:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kSpan:
    case Tag::kOther:
      return true;
    default:
      return false;
  }
}

double link_density(const Aggregate& a) {
  return a.chars == 0 ? 0.0 : static_cast<double>(a.link_chars) / a.chars;
}

// Share of `reference`'s distinct words that also occur in `candidate`.
double word_recall(std::string_view reference, std::string_view candidate) {
  const auto ref = lower_words(reference);
  if (ref.empty()) return 1.0;
  const auto cand = lower_words(candidate);
  const std::unordered_set<std::string> have(cand.begin(), cand.end());
  const std::unordered_set<std::string> want(ref.begin(), ref.end());
  std::size_t hit = 0;
  for (const auto& w : want) hit += have.count(w);
  return static_cast<double>(hit) / static_cast<double>(want.size());
}

// hint_from_attributes() remembered per distinct attribute values: pages repeat the same class
// names on hundreds of elements. The views point into the Document, which outlives the cache.
class HintCache {
 public:
  Hint get(std::string_view class_attr, std::string_view id_attr, std::string_view role,
           std::string_view itemprop) {
    if (class_attr.empty() && id_attr.empty() && role.empty() && itemprop.empty()) return {};
    const Key key{class_attr, id_attr, role, itemprop};
    const auto found = cache_.find(key);
    if (found != cache_.end()) return found->second;
    const Hint hint = hint_from_attributes(class_attr, id_attr, role, itemprop);
    cache_.emplace(key, hint);
    return hint;
  }

 private:
  struct Key {
    std::string_view class_attr, id_attr, role, itemprop;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      const std::hash<std::string_view> h;
      return h(k.class_attr) ^ (h(k.id_attr) * 31) ^ (h(k.role) * 131) ^ (h(k.itemprop) * 1031);
    }
  };
  std::unordered_map<Key, Hint, KeyHash> cache_;
};

class Extractor {
 public:
  Extractor(const Document& doc, const ContentOptions& options)
      : doc_(doc), options_(options), n_(static_cast<std::int32_t>(doc.size())) {}

  ContentResult run() {
    ContentResult result;
    if (n_ == 0) return result;
    classify_elements();
    segment();
    aggregate(/*include_dropped=*/true, all_);
    decide_drops();
    aggregate(/*include_dropped=*/false, clean_);
    for (const Block& b : blocks_) {
      result.page_chars += b.chars;
      result.page_link_chars += b.link_chars;
    }
    score_candidates();
    choose_roots();
    select_blocks(result);
    if (!options_.json_ld_body.empty()) apply_json_ld_evidence(result);
    if (result.blocks.empty()) fallback(result);
    for (const auto& b : result.blocks) {
      std::uint32_t chars = 0, commas = 0;
      count_text(b.text, &chars, &commas);
      result.content_chars += chars;
    }
    return result;
  }

 private:
  std::size_t at(std::int32_t id) const { return static_cast<std::size_t>(id); }

  void classify_elements() {
    skip_.assign(at(n_), 0);
    flagged_.assign(at(n_), 0);
    positive_.assign(at(n_), 0);
    comments_.assign(at(n_), 0);
    wrapper_.assign(at(n_), 0);
    weight_.assign(at(n_), 0);
    for (std::int32_t i = 0; i < n_; ++i) {
      const Node& node = doc_.node(i);
      if (node.tag == Tag::kText) continue;
      // One pass over the element's attributes (pages have tens of thousands of elements).
      std::string_view class_attr, id_attr, role, itemprop;
      bool hidden = is_non_content_tag(node.tag);
      for (const Attribute& a : doc_.attributes(i)) {
        if (a.name == "class") {
          class_attr = a.value;
        } else if (a.name == "id") {
          id_attr = a.value;
        } else if (a.name == "role") {
          role = a.value;
        } else if (a.name == "itemprop") {
          itemprop = a.value;
        } else if (a.name == "hidden") {
          hidden = true;
        } else if (a.name == "aria-hidden") {
          hidden = hidden || a.value == "true";
        } else if (a.name == "style") {
          hidden = hidden || has_style_hidden(a.value);
        }
      }
      if (hidden) {
        skip_[at(i)] = 1;
        continue;
      }
      const Hint hint = hints_.get(class_attr, id_attr, role, itemprop);
      weight_[at(i)] = hint.weight;
      positive_[at(i)] = hint.article ? 1 : 0;
      comments_[at(i)] = hint.comments ? 1 : 0;
      wrapper_[at(i)] = hint.wrapper ? 1 : 0;
      // The page skeleton is never dropped for its class names ("page-comments-open").
      const bool skeleton =
          node.tag == Tag::kBody || node.tag == Tag::kHtml || node.tag == Tag::kMain;
      flagged_[at(i)] = hint.boilerplate && !skeleton ? 1 : 0;
      if (node.tag == Tag::kNav || node.tag == Tag::kAside || node.tag == Tag::kFooter) {
        flagged_[at(i)] = 1;
        weight_[at(i)] -= 25;
      } else if (node.tag == Tag::kHeader) {
        weight_[at(i)] -= 10;
      } else if (node.tag == Tag::kArticle || node.tag == Tag::kMain) {
        weight_[at(i)] += 10;
      }
    }
  }

  // Cuts the visible text into blocks at block-element boundaries (iterative walk).
  void segment() {
    std::vector<std::int32_t> open;        // open elements
    std::vector<std::int32_t> open_block;  // open block elements (block owners)
    int in_link = 0;
    Block current;
    auto flush = [&]() {
      std::uint32_t chars = 0, commas = 0;
      count_text(current.raw, &chars, &commas);
      if (chars > 0) {
        current.chars = chars;
        current.commas = commas;
        current.link_chars = std::min(current.link_chars, chars);
        current.owner = open_block.empty() ? 0 : open_block.back();
        current.heading = is_heading_tag(doc_.node(current.owner).tag);
        blocks_.push_back(std::move(current));
      }
      current = Block{};
    };
    auto close = [&](std::int32_t id) {
      const Tag tag = doc_.node(id).tag;
      if (tag == Tag::kA) --in_link;
      if (is_block_tag(tag)) {
        flush();
        if (!open_block.empty() && open_block.back() == id) open_block.pop_back();
      }
    };
    for (std::int32_t i = 0; i < n_;) {
      while (!open.empty() && doc_.subtree_end(open.back()) <= i) {
        close(open.back());
        open.pop_back();
      }
      const Node& node = doc_.node(i);
      if (node.tag == Tag::kText) {
        if (current.first_node < 0) current.first_node = i;
        current.raw += node.text;
        if (in_link > 0) {
          std::uint32_t chars = 0, commas = 0;
          count_text(node.text, &chars, &commas);
          current.link_chars += chars;
        }
        ++i;
        continue;
      }
      if (skip_[at(i)]) {
        i = doc_.subtree_end(i);
        continue;
      }
      if (node.tag == Tag::kBr) {
        current.raw += kBreakMarker;
        i = doc_.subtree_end(i);
        continue;
      }
      if (node.tag == Tag::kImg || node.tag == Tag::kHr || node.tag == Tag::kWbr) {
        if (node.tag == Tag::kHr) flush();
        i = doc_.subtree_end(i);
        continue;
      }
      if (is_block_tag(node.tag)) {
        flush();
        open_block.push_back(i);
      }
      if (node.tag == Tag::kA) ++in_link;
      open.push_back(i);
      ++i;
    }
    while (!open.empty()) {
      close(open.back());
      open.pop_back();
    }
    flush();
  }

  void aggregate(bool include_dropped, std::vector<Aggregate>& out) {
    out.assign(at(n_), Aggregate{});
    for (const Block& b : blocks_) {
      if (!include_dropped && dropped_[at(b.owner)]) continue;
      Aggregate& a = out[at(b.owner)];
      a.chars += b.chars;
      a.link_chars += b.link_chars;
      a.commas += b.commas;
      if (b.chars >= kGoodChars &&
          static_cast<double>(b.link_chars) <= kGoodMaxLinkDensity * b.chars) {
        a.good_chars += b.chars;
      }
    }
    for (std::int32_t i = n_ - 1; i > 0; --i) {
      const std::int32_t p = doc_.node(i).parent;
      if (p < 0) continue;
      out[at(p)].chars += out[at(i)].chars;
      out[at(p)].link_chars += out[at(i)].link_chars;
      out[at(p)].good_chars += out[at(i)].good_chars;
      out[at(p)].commas += out[at(i)].commas;
    }
  }

  // For each element, the most good text held by one article-named, unflagged element inside it
  // ("post-body", "entry-content", itemprop=articleBody) that is reached without passing through
  // another flagged element. Blog engines wrap the post itself in a "widget"; the names inside
  // still say where the article is.
  std::vector<std::uint32_t> article_inside() const {
    std::vector<std::uint32_t> best(at(n_), 0);
    for (std::int32_t i = n_ - 1; i >= 0; --i) {
      if (positive_[at(i)] && !flagged_[at(i)]) {
        best[at(i)] = std::max(best[at(i)], all_[at(i)].good_chars);
      }
      const std::int32_t p = doc_.node(i).parent;
      if (p >= 0 && !flagged_[at(i)]) best[at(p)] = std::max(best[at(p)], best[at(i)]);
    }
    return best;
  }

  // Whether an unflagged, article-named element with at least kRescueMinChars of good text, and
  // at least half as much as `id`, lies outside the subtree of `id` (neither inside it nor one of
  // its ancestors).
  bool article_elsewhere(std::int32_t id) const {
    const std::uint32_t need = std::max(kRescueMinChars, all_[at(id)].good_chars / 2);
    for (std::int32_t p = 0; p < n_; ++p) {
      if (p == id) {
        p = doc_.subtree_end(id) - 1;
        continue;
      }
      if (positive_[at(p)] && !flagged_[at(p)] && all_[at(p)].good_chars >= need &&
          !doc_.contains(p, id)) {
        return true;
      }
    }
    return false;
  }

  void decide_drops() {
    dropped_.assign(at(n_), 0);
    drop_here_.assign(at(n_), 0);
    const double page_good = all_[0].good_chars;
    const std::vector<std::uint32_t> article_good = article_inside();
    for (std::int32_t i = 0; i < n_; ++i) {
      const std::int32_t p = doc_.node(i).parent;
      if (flagged_[at(i)] && !(p >= 0 && dropped_[at(p)])) {
        // Kept when it holds an article-named element with most of its text. Only elements
        // whose boilerplate names are generic ("widget") or that are also named as articles
        // ("hentry adShift") are kept this way: an author bio with a "text" inside is not.
        const bool holds_article = !comments_[at(i)] && (wrapper_[at(i)] || positive_[at(i)]) &&
                                   article_good[at(i)] >= kRescueMinChars &&
                                   article_good[at(i)] * 2 >= all_[at(i)].good_chars;
        // The safeguard keeps a subtree with much of the page's text (misnamed article
        // containers), but not a comment section (unless also named as article content,
        // "main-comments"), and not when an article-named element elsewhere holds the article.
        const bool protect = (!comments_[at(i)] || positive_[at(i)]) && page_good > 0 &&
                             all_[at(i)].good_chars > kDropSafeguardShare * page_good &&
                             !article_elsewhere(i);
        drop_here_[at(i)] = holds_article || protect ? 0 : 1;
      }
      dropped_[at(i)] = drop_here_[at(i)] || (p >= 0 && dropped_[at(p)]);
    }
  }

  void touch(std::int32_t id) {
    if (!touched_[at(id)]) {
      touched_[at(id)] = 1;
      score_[at(id)] = tag_bonus(doc_.node(id).tag) + weight_[at(id)];
      candidates_.push_back(id);
    }
  }

  void score_candidates() {
    score_.assign(at(n_), 0.0);
    touched_.assign(at(n_), 0);
    for (const Block& b : blocks_) {
      if (dropped_[at(b.owner)] || b.heading || b.chars < kMinScoredChars) continue;
      const double s = 1.0 + b.commas + std::min(b.chars / 100.0, 3.0);
      std::int32_t ancestor = doc_.node(b.owner).parent;
      for (int level = 0; ancestor >= 0 && level < 5; ++level) {
        if (doc_.node(ancestor).tag == Tag::kHtml) break;
        touch(ancestor);
        const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
        score_[at(ancestor)] += s / divider;
        ancestor = doc_.node(ancestor).parent;
      }
    }
    for (std::int32_t id : candidates_) {
      score_[at(id)] *= 1.0 - link_density(clean_[at(id)]);
    }
    add_headline_bonus();
  }

  // The first block inside the subtree of `id`, or blocks_.size().
  std::size_t first_block_in(std::int32_t id) const {
    const auto it =
        std::lower_bound(blocks_.begin(), blocks_.end(), id,
                         [](const Block& b, std::int32_t v) { return b.first_node < v; });
    if (it == blocks_.end() || it->first_node >= doc_.subtree_end(id)) return blocks_.size();
    return static_cast<std::size_t>(it - blocks_.begin());
  }

  // Candidates whose text starts at the headline, or right under it (only a few short lines
  // between: standfirst, byline, date), get a bonus: the article follows its headline, and a
  // sidebar box with a longer paragraph does not.
  void add_headline_bonus() {
    const std::int32_t headline = options_.headline;
    if (headline < 0 || headline >= n_) return;
    const std::size_t head_block = first_block_in(headline);
    if (head_block == blocks_.size()) return;
    struct Near {
      std::int32_t id;
      std::size_t first;
      double share;
    };
    std::vector<Near> near;
    // The text under the headline ends where the first candidate with real paragraph text that
    // qualifies ends: a box starting after it (a sidebar after a short post) is not "under".
    std::size_t article_end = blocks_.size();
    for (std::int32_t id : candidates_) {
      const std::size_t first = first_block_in(id);
      if (first == blocks_.size()) continue;
      std::size_t from = head_block + 1, to = first;  // the blocks between the two starts
      std::uint32_t max_gap = kHeadlineMaxGapChars;
      if (head_block >= first) {
        // Holding the headline, closely (as a child or grandchild: not a page wrapper), with
        // only a kicker or a date before it.
        if (!doc_.contains(id, headline) ||
            doc_.node(headline).depth > doc_.node(id).depth + kHeadlineMaxDepth) {
          continue;
        }
        from = first;
        to = head_block;
        max_gap = kHeadlineMaxLeadChars;
      }
      std::uint32_t between = 0;
      for (std::size_t k = from; k < to && between <= max_gap; ++k) {
        if (!dropped_[at(blocks_[k].owner)]) between += blocks_[k].chars;
      }
      if (between > max_gap) continue;
      // Scaled by the candidate's paragraph text, so a byline box under the headline gains little.
      const double share = std::min(1.0, clean_[at(id)].good_chars / kHeadlineFullBonusChars);
      near.push_back(Near{id, first, share});
      if (share >= 0.5) {
        const std::size_t end = first_block_in_range_end(id);
        article_end = std::min(article_end, end);
      }
    }
    for (const Near& c : near) {
      if (c.first <= article_end) score_[at(c.id)] += kHeadlineBonus * c.share;
    }
  }

  // The index of the first block after the subtree of `id`.
  std::size_t first_block_in_range_end(std::int32_t id) const {
    const auto it =
        std::lower_bound(blocks_.begin(), blocks_.end(), doc_.subtree_end(id),
                         [](const Block& b, std::int32_t v) { return b.first_node < v; });
    return static_cast<std::size_t>(it - blocks_.begin());
  }

  void choose_roots() {
    top_ = -1;
    double best = 0;
    for (std::int32_t id : candidates_) {
      if (top_ < 0 || score_[at(id)] > best) {
        best = score_[at(id)];
        top_ = id;
      }
    }
    if (top_ < 0) return;
    // An only child holds nothing its parent does not: prefer the parent (it may hold siblings'
    // headings and captions too).
    while (true) {
      const std::int32_t parent = doc_.node(top_).parent;
      if (parent < 0 || doc_.node(parent).tag == Tag::kBody || doc_.node(parent).tag == Tag::kHtml)
        break;
      if (clean_[at(parent)].chars != clean_[at(top_)].chars) break;
      top_ = parent;
    }
    const double top_score = std::max(score_[at(top_)], 0.0);
    roots_.clear();
    const std::int32_t parent = doc_.node(top_).parent;
    if (parent < 0) {
      roots_.push_back(top_);
      return;
    }
    const double threshold = std::max(10.0, top_score * 0.2);
    const std::string_view top_class = doc_.attr(top_, "class");
    for (std::int32_t sib = doc_.node(parent).first_child; sib >= 0;
         sib = doc_.node(sib).next_sibling) {
      if (sib == top_) {
        roots_.push_back(sib);
        continue;
      }
      if (!doc_.is_element(sib) || skip_[at(sib)] || dropped_[at(sib)]) continue;
      const Aggregate& a = clean_[at(sib)];
      if (a.chars == 0) continue;
      double bonus = 0;
      if (!top_class.empty() && doc_.attr(sib, "class") == top_class) bonus = top_score * 0.2;
      const double s = touched_[at(sib)] ? score_[at(sib)] : 0.0;
      bool append = s + bonus >= threshold;
      if (!append && weight_[at(sib)] >= 0) {
        const double ld = link_density(a);
        if (a.chars > 80 && ld < 0.25) {
          append = true;
        } else if (a.chars > 0 && a.chars <= 80 && ld == 0.0 && doc_.node(sib).tag == Tag::kP) {
          const std::string text = doc_.text_content(sib);
          append =
              !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
        }
      }
      if (append) roots_.push_back(sib);
    }
  }

  void select_blocks(ContentResult& result) {
    if (roots_.empty()) return;
    result.container = top_;
    // Marks, inside each root, the subtrees that are dropped or cleaned away.
    std::vector<std::uint8_t> removed(at(n_), 0);
    std::vector<std::uint8_t> selected(at(n_), 0);
    for (std::int32_t root : roots_) {
      const std::int32_t end = doc_.subtree_end(root);
      for (std::int32_t i = root; i < end; ++i) {
        selected[at(i)] = 1;
        if (i == root || !doc_.is_element(i)) continue;
        const std::int32_t p = doc_.node(i).parent;
        bool remove = removed[at(p)] || drop_here_[at(i)];
        if (!remove && is_cleanable_container(doc_.node(i).tag)) {
          const Aggregate& a = clean_[at(i)];
          const double ld = link_density(a);
          const int w = weight_[at(i)];
          if (a.chars > 0) {
            if (w < 0 && a.good_chars < a.chars / 2) remove = true;
            if (ld > 0.5 && a.commas < 10) remove = true;
            if (w < 25 && ld > 0.33 && a.good_chars == 0 && a.commas < 10) remove = true;
          }
        }
        removed[at(i)] = remove ? 1 : 0;
      }
    }
    const std::vector<std::uint8_t> lead = headline_lead(selected, removed);
    std::unordered_set<std::string> seen;  // a repeated paragraph (teaser + body) counts once
    std::uint32_t kept_chars = 0;
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
      const Block& b = blocks_[k];
      // A heading that opens the comments ("12 Comments", "Leave a reply", id="comments") ends
      // the article even when the comments themselves carry no names saying so.
      if (b.heading && selected[at(b.owner)] && kept_chars >= kCommentsCutMinChars &&
          (comments_[at(b.owner)] || is_comments_heading(finish_text(b.raw)))) {
        break;
      }
      if (!lead[k] && (!selected[at(b.owner)] || removed[at(b.owner)])) continue;
      if (b.link_chars > kMaxBlockLinkDensity * b.chars) continue;
      std::string text = finish_text(b.raw);
      if (text.empty() || is_junk_line(text)) continue;
      if (b.chars >= 40 && !seen.insert(text).second) continue;
      if (b.chars >= 150 && b.link_chars * 5 < b.chars) ++result.long_paragraphs;
      kept_chars += b.chars;
      result.blocks.push_back(TextBlockInfo{std::move(text), b.heading, b.owner});
    }
  }

  // The headline and the lines under it (standfirst, byline, dateline) often sit outside the
  // container of the body text, in an article header. When an h1/h2 closely precedes the first
  // kept block, with only a few short, link-poor lines between, those blocks are the article's
  // lead and are kept too. Returns a flag per block.
  std::vector<std::uint8_t> headline_lead(const std::vector<std::uint8_t>& selected,
                                          const std::vector<std::uint8_t>& removed) const {
    std::vector<std::uint8_t> lead(blocks_.size(), 0);
    std::size_t first = blocks_.size();
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
      const std::int32_t owner = blocks_[k].owner;
      if (selected[at(owner)] && !removed[at(owner)]) {
        first = k;
        break;
      }
    }
    if (first == blocks_.size() || blocks_[first].heading) return lead;
    std::uint32_t between_chars = 0;
    std::size_t headline = blocks_.size();
    for (std::size_t back = 1; back <= kLeadMaxBlocks && back <= first; ++back) {
      const Block& b = blocks_[first - back];
      if (dropped_[at(b.owner)]) break;
      const Tag tag = doc_.node(b.owner).tag;
      const bool is_headline = options_.headline >= 0 && doc_.contains(options_.headline, b.owner);
      if (b.heading && (tag == Tag::kH1 || tag == Tag::kH2 || is_headline)) {
        headline = first - back;
        break;
      }
      between_chars += b.chars;
      if (between_chars > kLeadMaxChars || b.chars > kLeadMaxBlockChars) break;
    }
    if (headline == blocks_.size()) return lead;
    for (std::size_t k = headline; k < first; ++k) {
      const Block& b = blocks_[k];
      if (!dropped_[at(b.owner)] && b.link_chars * 2 <= b.chars) lead[k] = 1;
    }
    return lead;
  }

  void apply_json_ld_evidence(ContentResult& result) {
    const std::string& body = options_.json_ld_body;
    if (body.size() < 200) return;
    const std::string text = join_blocks(result.blocks);
    if (word_recall(body, text) >= 0.5) return;
    result.blocks.clear();
    result.long_paragraphs = 0;
    std::size_t start = 0;
    while (start < body.size()) {
      std::size_t nl = body.find('\n', start);
      if (nl == std::string::npos) nl = body.size();
      std::string line = collapse_whitespace(std::string_view(body).substr(start, nl - start));
      if (!line.empty()) {
        if (line.size() >= 150) ++result.long_paragraphs;
        result.blocks.push_back(TextBlockInfo{std::move(line), false, -1});
      }
      start = nl + 1;
    }
    result.used_json_ld_body = true;
  }

  void fallback(ContentResult& result) {
    for (int pass = 0; pass < 2 && result.blocks.empty(); ++pass) {
      for (const Block& b : blocks_) {
        if (dropped_[at(b.owner)] || b.heading) continue;
        const bool ok = pass == 0 ? (b.chars >= 50 && b.link_chars * 10 < b.chars * 3)
                                  : (b.link_chars * 2 <= b.chars);
        if (!ok) continue;
        std::string text = finish_text(b.raw);
        if (text.empty() || is_junk_line(text)) continue;
        result.blocks.push_back(TextBlockInfo{std::move(text), false, b.owner});
      }
    }
    result.used_fallback = !result.blocks.empty();
  }

  const Document& doc_;
  const ContentOptions& options_;
  std::int32_t n_;
  std::vector<std::uint8_t> skip_, flagged_, positive_, comments_, wrapper_, dropped_, drop_here_,
      touched_;
  std::vector<int> weight_;
  std::vector<Block> blocks_;
  std::vector<Aggregate> all_, clean_;
  std::vector<double> score_;
  std::vector<std::int32_t> candidates_;
  std::vector<std::int32_t> roots_;
  std::int32_t top_ = -1;
  HintCache hints_;
};

}  // namespace

ContentResult extract_main_text(const Document& doc, const ContentOptions& options) {
  return Extractor(doc, options).run();
}

std::string join_blocks(const std::vector<TextBlockInfo>& blocks) {
  std::string text;
  for (const auto& block : blocks) {
    if (block.text.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += block.text;
  }
  return text;
}

}  // namespace gazette::extract
