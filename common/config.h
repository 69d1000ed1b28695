// Gazette's configuration: one struct, each field documented with its default. Loaded as
// command line > GAZETTE_* environment > config file > defaults, and validated before any work.
// The command line is applied by each program's main (it owns its flags); this module does the
// rest.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette {

struct IndexConfig {
  // Articles per Xapian commit. Larger batches index faster; a crash loses at most one batch
  // (it is re-done by running the same import again).
  unsigned batch_size = 10000;
  // Threads that parse records and build documents; 0 means one per core, 1 does everything on
  // one thread.
  unsigned threads = 0;
  // Shards of a new index, each written by its own thread and chosen by a hash of the article's
  // id; 0 means one per parsing thread, 1 a single database. An existing index keeps its layout.
  unsigned shards = 0;
  // Maximum bytes of body text stored in the document data for snippets (the full text is
  // still indexed).
  unsigned stored_text_bytes = 16384;
};

struct QueryConfig {
  // Results per page when the request does not say.
  unsigned page_size = 10;
  // The deepest page and the most results per page a request may ask for: deep pages cost
  // matching all the results before them (Elasticsearch's max_result_window, in two parts).
  unsigned max_page = 1000;
  unsigned max_per_page = 100;
  // Default order: "relevance", "date" (newest first) or "blend" (relevance with a recency boost).
  std::string sort = "relevance";
  // For sort = "blend": a result loses half its recency boost every this many days.
  double recency_half_life_days = 30.0;
  // For sort = "blend": how much recency counts; 0 is pure relevance, 1 makes a brand-new
  // article's boost as large as a strong text match.
  double recency_weight = 0.5;
  // Stemming language for query words when the query has no lang: filter (ISO 639-1).
  std::string language = "en";
  // Snippet length in characters.
  unsigned snippet_chars = 240;
  // Queries longer than this many bytes are rejected (bounds work per query).
  unsigned max_query_bytes = 4096;
  // Bounds on the work of one query (docs/operations.md, "Query limits"). A query with more
  // wildcards, terms or filters than these is refused with a message naming the limit.
  unsigned max_wildcards = 4;
  // Each wildcard searches at most this many words: the most frequent ones starting with it.
  unsigned max_wildcard_terms = 64;
  // Terms after parsing (words, phrase words, filters; a wildcard counts max_wildcard_terms).
  unsigned max_query_terms = 1000;
  // site:, author:, lang:, tag:, date ranges, after:, before: and the request's site filters.
  unsigned max_filters = 64;
  // Matching stops after this many milliseconds and the results found so far are shown, with a
  // notice (local shards; remote ones are bounded by shard_timeout_ms). 0: no limit.
  unsigned max_search_ms = 2000;
  // Remote shards (xapian-tcpsrv): milliseconds to connect and for each operation. A shard that
  // does not answer in time is left out and the results are marked partial.
  unsigned shard_timeout_ms = 2000;
};

struct CrawlConfig {
  // Where crawling starts: site home pages, RSS/Atom feeds, sitemaps (http/https URLs). Their
  // hosts define the crawl's sites. `gazette-crawl add URL...` adds more.
  std::vector<std::string> seeds;
  // User-Agent header; must name the crawler and a contact URL. Its first word before "/" is the
  // product token matched against robots.txt user-agent lines.
  std::string user_agent = "gazette/0.1 (+https://github.com/gazette-search/gazette)";
  // Which links are followed: "site" (pages on the host of a seed, "www." ignored) or "seeds"
  // (only seeds and what their feeds and sitemaps list).
  std::string scope = "site";
  // If not empty, followed links must have a path starting with one of these ("/news/").
  std::vector<std::string> path_prefixes;
  // If not empty, followed links must match one of these regular expressions (ECMAScript).
  std::vector<std::string> include;
  // Followed links matching any of these regular expressions are dropped.
  std::vector<std::string> exclude;
  // Links deeper than this many hops from a seed are not followed.
  unsigned max_depth = 5;
  // At most this many URLs per host enter the frontier (spider traps end here).
  unsigned max_pages_per_site = 100000;
  // URLs longer than this or with more query parameters are not followed (spider traps).
  unsigned max_url_bytes = 1024;
  unsigned max_query_params = 6;
  // Minimum seconds between two requests to one host (robots.txt Crawl-delay may raise it).
  double delay_seconds = 1.0;
  // Timeouts in seconds: connecting, the whole transfer, and a transfer slower than
  // low_speed_bytes per second for low_speed_seconds.
  double connect_timeout_seconds = 10.0;
  double timeout_seconds = 60.0;
  unsigned low_speed_bytes = 512;
  unsigned low_speed_seconds = 20;
  // Accept-Encoding sent: "" offers every encoding curl can decode (gzip, deflate, br, zstd);
  // "gzip, deflate" spares servers that compress brotli slowly. Decoded sizes are capped anyway.
  std::string accept_encoding = "";
  // Bodies larger than this (after decompression) are cut off and the fetch recorded as failed.
  unsigned max_body_bytes = 10u << 20;
  // Redirect hops followed from one URL.
  unsigned max_redirects = 5;
  // Media types accepted (prefix match on Content-Type); others are recorded as failed.
  std::vector<std::string> content_types = {"text/html",
                                            "application/xhtml+xml",
                                            "application/rss+xml",
                                            "application/atom+xml",
                                            "application/rdf+xml",
                                            "application/xml",
                                            "text/xml",
                                            "application/gzip",
                                            "application/x-gzip"};
  // Transient failures (timeouts, connection errors, 429, 5xx) are retried this many times,
  // waiting retry_backoff_seconds, doubled for every further attempt (Retry-After wins).
  unsigned retries = 3;
  double retry_backoff_seconds = 30.0;
  // Hosts fetched in parallel (one connection each).
  unsigned concurrency = 32;
  // Threads for archiving, extraction and feed parsing; 0 means one per core.
  unsigned extract_threads = 0;
  // robots.txt is fetched again after this many hours.
  double robots_expiry_hours = 24.0;
  // Sources of links (seeds, feeds, sitemaps) are fetched again this many minutes after a
  // visit, at first. The interval then follows how often the source publishes: a visit that
  // finds new URLs halves it, one that finds none makes it 1.5 times longer, always within
  // source_interval_min_minutes..source_interval_max_minutes.
  double source_interval_minutes = 60.0;
  double source_interval_min_minutes = 10.0;
  double source_interval_max_minutes = 1440.0;
  // A source whose visits fail (HTTP 4xx/5xx, network errors, after retries) this many times in
  // a row is retired: never fetched again (a warning names it; `gazette-crawl add` revives it).
  unsigned source_max_failures = 5;
  // An article page is fetched again this many hours after its first fetch, then after each
  // further step after the previous visit, then never (conditional GET: an unchanged page costs
  // a 304; a changed one is extracted and written again as a new revision).
  std::vector<double> article_revisit_hours = {1, 6, 24, 168};
  // A WARC file is closed and a new one started when it grows past this many MiB.
  unsigned warc_max_mib = 1024;
};

// What one client may cost the HTTP frontend (docs/operations.md, "HTTP limits").
struct HttpLimits {
  // Connections open at once, in all and from one client address; more are closed on accept.
  // Behind a reverse proxy every client has the proxy's address: raise the second.
  unsigned max_connections = 512;
  unsigned max_connections_per_client = 64;
  // A request head must have arrived this long after the connection opened (or after the
  // previous response on it), however its bytes trickle in.
  unsigned head_timeout_seconds = 10;
  // A kept-alive connection with nothing to do is closed after this long.
  unsigned idle_timeout_seconds = 5;
  // A request head with more header fields, or more KiB, is answered 431.
  unsigned max_headers = 100;
  unsigned max_head_kib = 32;
  // On SIGTERM, requests already received get this long to be answered; then the server exits.
  unsigned shutdown_seconds = 5;
};

struct ServeConfig {
  // Address the HTTP frontend (gazette-query serve) listens on, "HOST:PORT" ("[::1]:8080" for
  // IPv6). Loopback by default: serving other machines is a deliberate choice.
  std::string listen = "127.0.0.1:8080";
  // Worker threads: requests handled at once (waiting connections hold none); more wait their
  // turn. Searches themselves run at most two per core whatever this is.
  unsigned threads = 64;
  HttpLimits limits;
};

struct Config {
  // Directory holding everything Gazette writes: index/, articles/, archive/, crawl.sqlite.
  std::string data_dir = "gazette-data";
  // spdlog level: trace, debug, info, warn, error, critical, off.
  std::string log_level = "info";
  IndexConfig index;
  QueryConfig query;
  CrawlConfig crawl;
  ServeConfig serve;
};

// Looks up an environment variable; injectable for tests. Returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
[[nodiscard]] EnvLookup process_environment();

// Loads the configuration: defaults, then the TOML file, then GAZETTE_* variables (for key
// "index.batch_size" the variable is GAZETTE_INDEX_BATCH_SIZE). The file is `explicit_path` when
// given, else $GAZETTE_CONFIG, else config/gazette.toml when it exists. Fails naming the file and
// key (or variable) for a missing explicit file, a TOML syntax error, an unknown key, a value of
// the wrong type or out of range.
[[nodiscard]] Expected<Config> load_config(const std::optional<std::string>& explicit_path,
                                           const EnvLookup& env);

// Checks ranges and choices after command-line overrides; names the offending key.
[[nodiscard]] Expected<void> validate(const Config& config);

// What every program's main does first: load_config, then `apply_flags` (the command line, which
// wins over everything), then validate. Fails naming the bad key, file:line or variable.
[[nodiscard]] Expected<Config> configure(const std::optional<std::string>& explicit_path,
                                         const std::function<void(Config&)>& apply_flags);

// Every settable key, e.g. "query.sort", for documentation and tests.
[[nodiscard]] std::vector<std::string> config_keys();

}  // namespace gazette
