// Turns an article record into a Xapian document following common/schema.h.
// Not thread-safe: use one DocumentBuilder per thread (it owns a TermGenerator and stemmers).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/article.h"
#include "common/config.h"

namespace gazette::indexer {

// A document ready for the writer, with what the writer needs besides it.
struct BuiltDocument {
  std::string id_term;  // schema::id_term of the article's identity URL
  Xapian::Document document;
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const IndexConfig& config);

  // Fails (the record's rejection) when the document could not be written: a term longer than
  // Xapian's limit, which schema.h's bounds rule out, is caught here rather than in the writer,
  // where it would fail the whole import.
  [[nodiscard]] Expected<BuiltDocument> build(const Article& article);

 private:
  const Xapian::Stem& stemmer_for(const std::string& language);

  IndexConfig config_;
  Xapian::TermGenerator termgen_;
  std::map<std::string, Xapian::Stem, std::less<>> stemmers_;
};

// The Snowball stemmer Xapian ships for an ISO 639-1 code; English for an empty or unsupported
// code (Xapian's English stemmer leaves words of other scripts alone).
[[nodiscard]] Xapian::Stem stemmer_for_language(const std::string& language);

// A display title for a record without one: the first line of its text, cut at a word boundary.
[[nodiscard]] std::string headline_from_text(std::string_view text);

}  // namespace gazette::indexer
