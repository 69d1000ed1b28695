// baseline_index: the practical limit of one Xapian 1.4 writer, for comparison with gazette-index.
// Same settings as Gazette where they cost time: English stemming, positional title and body,
// a unique "Q"+url id term with replace_document, the text stored as document data. Nothing else:
// no prefixes, values, spelling data, threads or batching (Xapian's default auto-flush applies,
// XAPIAN_FLUSH_THRESHOLD, 10000 documents), and one commit at the end.
//
// Usage: baseline_index DBPATH FILE.jsonl
// Prints "docs N skipped N seconds S" to stdout. Exit status: 0 done; 1 bad usage or input
// unreadable; 2 Xapian or other runtime error.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

namespace {

// The string at `key`, or "" when it is absent or not a string.
std::string string_field(const nlohmann::json& record, const char* key) {
  const auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct Counts {
  std::size_t docs = 0;
  std::size_t skipped = 0;  // lines that are not a JSON object with a url
};

// Indexes every record of `in` into `db`; throws Xapian::Error.
Counts index_lines(std::istream& in, Xapian::WritableDatabase& db) {
  Xapian::TermGenerator termgen;
  termgen.set_stemmer(Xapian::Stem("english"));
  Counts counts;
  std::string line;
  while (std::getline(in, line)) {
    // Parse without exceptions: a bad line is skipped, as gazette-index rejects it.
    const auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object()) {
      ++counts.skipped;
      continue;
    }
    const std::string url = string_field(record, "url");
    const std::string title = string_field(record, "title");
    const std::string text = string_field(record, "text");
    if (url.empty()) {
      ++counts.skipped;
      continue;
    }

    Xapian::Document doc;
    termgen.set_document(doc);
    termgen.index_text(title);
    termgen.increase_termpos();  // no phrase across the title/body boundary
    termgen.index_text(text);
    doc.set_data(text);
    // Reuters URLs are short; Gazette hashes ids over 240 bytes, which this baseline need not.
    const std::string id_term = "Q" + url;
    doc.add_boolean_term(id_term);
    db.replace_document(id_term, doc);
    ++counts.docs;
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: baseline_index DBPATH FILE.jsonl\n");
    return 1;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::fprintf(stderr, "baseline_index: cannot read %s\n", argv[2]);
    return 1;
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OPEN);
    const Counts counts = index_lines(in, db);
    db.commit();  // explicit, so a failure is reported rather than lost in the destructor
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("docs {} skipped {} seconds {:.3f}\n", counts.docs, counts.skipped, seconds);
    return in.bad() ? 1 : 0;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "baseline_index: %s: %s\n", argv[1], e.get_description().c_str());
    return 2;
  } catch (const std::exception& e) {  // out of memory, an output error from fmt
    std::fprintf(stderr, "%s: %s\n", "baseline_index", e.what());
    return 2;
  }
}
