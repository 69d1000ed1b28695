// DocumentSink over the one IndexWriter of an existing (or new) index.
#include "indexer/compaction.h"
#include "indexer/document_sink.h"
#include "indexer/index_writer.h"

namespace gazette::indexer {
namespace {

class IndexWriterSink : public DocumentSink {
 public:
  IndexWriterSink(IndexWriter writer, std::string path, std::size_t batch_size)
      : writer_(std::move(writer)), path_(std::move(path)), batch_size_(batch_size) {}

  Expected<void> write(std::vector<BuiltDocument>&& documents,
                       const std::string& input_position) override {
    try {
      for (const auto& d : documents) {
        counts_.count(writer_.upsert(d.id_term, d.document));
      }
    } catch (const Xapian::Error& e) {
      return fail(path_, e.get_description());
    }
    input_position_ = input_position;
    since_commit_ += documents.size();
    if (since_commit_ < batch_size_) return {};
    since_commit_ = 0;
    return writer_.commit(input_position_);
  }

  Expected<void> finish() override {
    if (auto ok = writer_.commit(input_position_); !ok) return ok;
    if (writer_.bulk_loaded()) {
      if (auto closed = writer_.close(); !closed) return closed;
      compact_databases({path_});
    }
    return {};
  }

 private:
  IndexWriter writer_;
  std::string path_;
  std::size_t batch_size_;
  std::size_t since_commit_ = 0;
  std::string input_position_;
};

}  // namespace

Expected<std::unique_ptr<DocumentSink>> open_index_writer_sink(const std::string& path,
                                                               std::size_t batch_size) {
  auto writer = IndexWriter::open(path);
  if (!writer) return tl::unexpected(writer.error());
  return std::make_unique<IndexWriterSink>(std::move(*writer), path, batch_size);
}

}  // namespace gazette::indexer
