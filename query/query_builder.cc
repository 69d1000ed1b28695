#include "query/query_builder.h"

#include <algorithm>
#include <optional>

#include "common/schema.h"
#include "common/time.h"
#include "common/utf8.h"
#include "query/query_date.h"
#include "query/stopwords.h"

namespace gazette::query {
namespace {

using schema::kPublishedSlot;

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_word_byte(char c) {
  return is_ascii_lower(c) || is_ascii_upper(c) || (c >= '0' && c <= '9') ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// Splits on spaces outside double quotes; a token keeps its quotes.
std::vector<std::string> split_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && is_http_space(c)) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

Xapian::Query published_range(std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
  const auto value = [](std::int64_t t) {
    return Xapian::sortable_serialise(static_cast<double>(t));
  };
  if (from && to)
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kPublishedSlot, value(*from), value(*to));
  if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kPublishedSlot, value(*from));
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, kPublishedSlot, value(*to));
}

// "2025-10-01..2025-11-30" (either side may be empty) as a range of publication times.
// A side that is not a date makes the whole range a syntax error, recorded in `error`.
class DateRanges : public Xapian::RangeProcessor {
 public:
  explicit DateRanges(std::string& error) : Xapian::RangeProcessor(kPublishedSlot), error_(error) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::optional<std::int64_t> from, to;
    if (!begin.empty() && !(from = parse_query_date(begin, false))) return invalid(begin);
    if (!end.empty() && !(to = parse_query_date(end, true))) return invalid(end);
    if (!from && !to) return invalid("..");
    return published_range(from, to);
  }

 private:
  Xapian::Query invalid(const std::string& side) {
    error_ = fmt::format("\"{}\" is not a date (use 2025, 2025-11 or 2025-11-24)", side);
    return Xapian::Query(Xapian::Query::OP_INVALID);
  }
  std::string& error_;
};

// site:, author:, lang:, tag: values become boolean terms normalised as the indexer writes them.
class FilterTerm : public Xapian::FieldProcessor {
 public:
  explicit FilterTerm(std::string_view prefix, bool is_author = false)
      : prefix_(prefix), is_author_(is_author) {}
  Xapian::Query operator()(const std::string& value) override {
    if (is_author_) return Xapian::Query(std::string(prefix_) + schema::author_key(value));
    return Xapian::Query(schema::boolean_term(prefix_, value));
  }

 private:
  std::string_view prefix_;
  bool is_author_;
};

// site:x, author:x, lang:x, tag:x, after:x, before:x (or with + or -) and date ranges (a..b).
bool is_filter_token(std::string_view lower) {
  while (lower.starts_with('+') || lower.starts_with('-')) lower.remove_prefix(1);
  for (const std::string_view field : {"site:", "author:", "lang:", "tag:", "after:", "before:"}) {
    if (lower.starts_with(field)) return true;
  }
  return lower.find("..") != std::string_view::npos;
}

// What a parsed query asks of the matcher: its term leaves and its wildcards' patterns.
struct QueryShape {
  std::size_t terms = 0;
  std::vector<std::string> wildcards;
};

// Walks the tree with a stack of its own: a query of nested parentheses is deep.
QueryShape shape_of(const Xapian::Query& query) {
  QueryShape shape;
  std::vector<Xapian::Query> pending{query};
  while (!pending.empty()) {
    const Xapian::Query q = std::move(pending.back());
    pending.pop_back();
    if (q.get_type() == Xapian::Query::LEAF_TERM) ++shape.terms;
    if (q.get_type() == Xapian::Query::OP_WILDCARD) {
      // Xapian 1.4 has no accessor for the pattern; its description is "Query(WILDCARD <combiner>
      // <pattern>)", and a pattern holds no space.
      const std::string description = q.get_description();
      const std::size_t space = description.rfind(' ');
      shape.wildcards.push_back(description.substr(space + 1, description.size() - space - 2));
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) pending.push_back(q.get_subquery(i));
  }
  return shape;
}

class EnglishStopper : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override { return is_english_stopword(term); }
};

}  // namespace

tl::expected<BuiltQuery, SearchError> build_query(const SearchRequest& request,
                                                  const Xapian::Database& db,
                                                  const QueryConfig& config, const Ranking& ranking,
                                                  Stemmers& stemmers) {
  const auto bad = [](std::string message) {
    return tl::unexpected(SearchError{SearchError::Kind::kBadQuery, std::move(message)});
  };
  const std::string& raw = request.query;
  if (raw.size() > config.max_query_bytes) {
    return bad(fmt::format("the query is too long ({} bytes; at most {})", raw.size(),
                           config.max_query_bytes));
  }
  if (first_invalid_utf8(raw)) return bad("the query is not valid UTF-8");

  // Capitals rule (see the header): a query with no lower-case letter is read as plain words.
  // Non-ASCII bytes count as lower case: other scripts have no capitals rule to apply.
  const bool operators = std::any_of(raw.begin(), raw.end(), [](char c) {
    return is_ascii_lower(c) || static_cast<unsigned char>(c) >= 0x80;
  });
  std::string text = operators ? raw : ascii_lower(raw);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // control characters are separators
  }
  // XOR is a plain word wherever it stands alone (Xapian's parser takes "XOR%2B" as XOR too):
  // Xapian 1.4.22's matcher crashes (SIGSEGV) on an XOR of three or more subqueries in which a
  // wildcard appears twice ("h* XOR h* XOR c*", found by fuzzing), and nobody searches a news
  // archive for "one or the other but not both".
  for (std::size_t at = text.find("XOR"); at != std::string::npos; at = text.find("XOR", at + 3)) {
    const bool starts = at == 0 || !is_word_byte(text[at - 1]);
    const bool ends = at + 3 == text.size() || !is_word_byte(text[at + 3]);
    if (starts && ends) text.replace(at, 3, "xor");
  }

  // after:/before: and lang: are read here; the rest goes to Xapian's QueryParser.
  std::optional<std::int64_t> from = request.from, to = request.to;
  std::string language = config.language;
  std::string rest;
  BuiltQuery built;
  std::size_t content_words = 0;
  std::size_t filter_count = request.sites.size();
  for (const auto& token : split_tokens(text)) {
    const std::string lower = ascii_lower(token);
    if (is_filter_token(lower) && ++filter_count > config.max_filters) {
      return bad(fmt::format("the query has too many filters (at most {})", config.max_filters));
    }
    if (lower.starts_with("after:") || lower.starts_with("before:")) {
      const bool after = lower.starts_with("after:");
      const std::string_view date = std::string_view(token).substr(after ? 6 : 7);
      const auto when = parse_query_date(date, !after);
      if (!when) {
        return bad(fmt::format("\"{}\" is not a date (use 2025, 2025-11 or 2025-11-24)", date));
      }
      // after:X means later than the whole of X; before:X earlier than the whole of X.
      if (after) {
        from = std::max(from.value_or(*when), *parse_query_date(date, true) + 1);
      } else {
        to = std::min(to.value_or(*when), *parse_query_date(date, false) - 1);
      }
      continue;
    }
    if (lower.starts_with("lang:") && lower.size() > 5) language = lower.substr(5);
    rest += token;
    rest += ' ';
    if (token.find(':') != std::string::npos || token.find("..") != std::string::npos) continue;
    if (operators &&
        (token == "AND" || token == "OR" || token == "NOT" || token == "NEAR" || token == "ADJ")) {
      continue;
    }
    // Count and collect the plain words of the token ("covid-19," gives covid and 19).
    std::string word;
    for (std::size_t i = 0; i <= lower.size(); ++i) {
      if (i < lower.size() && is_word_byte(lower[i])) {
        word += lower[i];
        continue;
      }
      if (!word.empty() && !is_english_stopword(word)) {
        ++content_words;
        built.words.push_back(word);
      }
      word.clear();
    }
  }

  built.match_all_words = content_words <= ranking.max_all_words;
  built.stemmer = stemmers.get(language);

  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(built.stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  EnglishStopper stopper;
  if (language == "en") parser.set_stopper(&stopper);
  parser.set_default_op(built.match_all_words ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  // The most frequent words, not an error: a broad wildcard ("a*") still finds what matters most,
  // and its cost is bounded by max_wildcards below and the matcher's deadline.
  parser.set_max_expansion(config.max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_boolean_prefix("site", (new FilterTerm(schema::kSitePrefix))->release());
  parser.add_boolean_prefix("author", (new FilterTerm(schema::kAuthorPrefix, true))->release());
  parser.add_boolean_prefix("lang", (new FilterTerm(schema::kLanguagePrefix))->release());
  parser.add_boolean_prefix("tag", (new FilterTerm(schema::kTagPrefix))->release());
  std::string range_error;
  DateRanges ranges(range_error);
  parser.add_rangeprocessor(&ranges);

  constexpr unsigned kFlags =
      Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
      Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
      Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;
  Xapian::Query parsed;
  try {
    parsed = parser.parse_query(rest, kFlags);
  } catch (const Xapian::QueryParserError& e) {
    if (!range_error.empty()) return bad(range_error);
    return bad("cannot parse the query: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return bad("cannot parse the query: " + e.get_msg());
  }
  if (!range_error.empty()) return bad(range_error);
  // A short query's words must all match; the articles with only some of them are its relaxed
  // form, ranked after those (when the words were combined by the default, not by operators).
  if (built.match_all_words && content_words > 1) {
    parser.set_default_op(Xapian::Query::OP_OR);
    Xapian::Query relaxed = parser.parse_query(rest, kFlags);
    if (relaxed.serialise() != parsed.serialise()) built.relaxed = std::move(relaxed);
  }

  QueryShape shape = shape_of(parsed);
  if (shape.wildcards.size() > config.max_wildcards) {
    return bad(fmt::format("the query has too many wildcards ({}; at most {})",
                           shape.wildcards.size(), config.max_wildcards));
  }
  const std::size_t terms = shape.terms + shape.wildcards.size() * config.max_wildcard_terms;
  if (terms > config.max_query_terms) {
    return bad(fmt::format(
        "the query has too many words to search for ({}, a wildcard counting as {}; at most {})",
        terms, config.max_wildcard_terms, config.max_query_terms));
  }
  built.wildcards = std::move(shape.wildcards);

  std::vector<Xapian::Query> filters;
  if (!request.sites.empty()) {
    std::vector<Xapian::Query> sites;
    for (const auto& site : request.sites) {
      sites.emplace_back(schema::boolean_term(schema::kSitePrefix, site));
    }
    filters.emplace_back(Xapian::Query::OP_OR, sites.begin(), sites.end());
  }
  if (from || to) {
    if (from && to && *from > *to) return bad("the date range ends before it starts");
    filters.push_back(published_range(from, to));
  }
  if (parsed.empty() && filters.empty()) return bad("the query has no words to search for");
  built.text = parsed.empty() ? Xapian::Query::MatchAll : parsed;
  if (!filters.empty())
    built.filter = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  return built;
}

}  // namespace gazette::query
