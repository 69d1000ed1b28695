// gazette-site-server: serves the sample news site (--root DIR) or a generated one for every
// host name (--synthetic N) on a loopback address, for the demo, tests and the crawl benchmark.
// Prints "listening on http://HOST:PORT" on stdout once it accepts connections.
#include <cstdio>
#include <string>

#include <httplib.h>
#include <CLI/CLI.hpp>

#include "tests/fixture_server/synthetic_site.h"

namespace {

struct Options {
  std::string root;                    // directory to serve (static mode)
  std::size_t synthetic = 0;           // articles per generated site (synthetic mode)
  std::string listen = "127.0.0.1:0";  // loopback address and port; port 0 picks a free one
  std::size_t threads = 0;             // request threads; 0: kDefaultThreads
};

constexpr std::size_t kDefaultThreads = 128;

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"Serve the sample news site, or generated ones, on loopback."};
  auto* root =
      app.add_option("--root", options.root, "Directory to serve")->check(CLI::ExistingDirectory);
  auto* synthetic = app.add_option("--synthetic", options.synthetic,
                                   "Generate a site of N articles for every host");
  root->excludes(synthetic);
  app.add_option("--listen", options.listen, "Loopback address:port (port 0: any free port)");
  app.add_option("--threads", options.threads, "Request threads (0: automatic)");
  CLI11_PARSE(app, argc, argv);
  if (options.root.empty() && options.synthetic == 0) {
    std::fprintf(stderr, "gazette-site-server: give --root DIR or --synthetic N\n");
    return 2;
  }
  const std::size_t colon = options.listen.rfind(':');
  std::string host = options.listen.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    port = colon == std::string::npos ? -1 : std::stoi(options.listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535 || !is_loopback(host)) {
    std::fprintf(stderr, "gazette-site-server: --listen must be a loopback address:port, got %s\n",
                 options.listen.c_str());
    return 2;
  }

  httplib::Server server;
  // A keep-alive connection holds a thread while it is open, so there must be at least as many
  // threads as a crawler keeps connections (one per host); idle ones cost little.
  const std::size_t threads = options.threads != 0 ? options.threads : kDefaultThreads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without it Nagle and delayed ACKs cap each keep-alive connection at ~25 responses/s.
  server.set_tcp_nodelay(true);
  if (!options.root.empty()) {
    for (const auto& [extension, type] :
         {std::pair{"html", "text/html; charset=utf-8"}, std::pair{"xml", "application/xml"},
          std::pair{"txt", "text/plain; charset=utf-8"}, std::pair{"css", "text/css"},
          std::pair{"json", "application/json"}, std::pair{"gz", "application/gzip"}}) {
      server.set_file_extension_and_mimetype_mapping(extension, type);
    }
    server.set_mount_point("/", options.root);
  } else {
    server.Get(".*", [&options](const httplib::Request& request, httplib::Response& response) {
      const auto page = gazette::fixture::synthetic_page(request.get_header_value("Host"),
                                                         request.path, options.synthetic);
      response.status = page.status;
      response.set_content(page.body, page.content_type);
    });
  }

  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "gazette-site-server: cannot listen on %s\n", options.listen.c_str());
    return 1;
  }
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::printf("listening on http://%s:%d\n", shown.c_str(), bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
