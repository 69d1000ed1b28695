// End to end in a real browser: headless Chromium loads the search page from the server on
// loopback, fills in the form and submits it, and the results are checked in the DOM. A
// screenshot of the results is saved as a test artifact (GAZETTE_ARTIFACT_DIR).
//
// Driven through the DevTools protocol over pipes (tests/support/devtools.h) rather than
// `--dump-dom URL?q=...`: the form is really submitted by the browser, the page is checked after
// its stylesheet loaded under our Content-Security-Policy, and one browser serves every check.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "indexer/importer.h"
#include "query/http_server.h"
#include "tests/support/devtools.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using testing::Chromium;
using testing::TempDir;

TEST(Browser, SubmitsTheFormAndShowsResults) {
  const std::string binary = Chromium::find_binary();
  if (binary.empty()) {
    GTEST_SKIP()
        << "chromium is not installed (scripts/setup.sh installs it): browser test skipped";
  }
  TempDir dir;
  indexer::ImportOptions import;
  import.index_path = dir.file("index");
  ASSERT_TRUE(
      indexer::import_files({std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl"}, import));
  query::ServerOptions options;
  options.port = 0;
  options.index_path = import.index_path;
  query::HttpServer server(options);
  const auto port = server.start();
  ASSERT_TRUE(port) << port.error().to_string();
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);

  const std::string log = dir.file("chromium.log");
  try {
    Chromium browser(binary, dir.file("profile"), log);
    const std::string page = browser.open_page();
    browser.call("Page.navigate", {{"url", base + "/"}}, page);
    browser.wait_for_event("Page.loadEventFired", page);
    EXPECT_EQ(browser.evaluate(page, "document.title"), "Gazette");

    // Type a query into the search box and press the button, as a person would.
    browser.evaluate(page,
                     "document.querySelector('input[name=q]').value = 'central bank';"
                     "document.querySelector('form button[type=submit]').click();");
    browser.wait_for_event("Page.loadEventFired", page);

    const auto dom = browser.evaluate(page, R"js(JSON.stringify({
      url: location.href,
      results: document.querySelectorAll('li.result').length,
      titles: [...document.querySelectorAll('li.result h2 a')].map(a => a.textContent),
      marks: document.querySelectorAll('li.result mark').length,
      summary: (document.querySelector('.summary') || {}).textContent,
      boxValue: document.querySelector('input[name=q]').value,
      bodyMaxWidth: getComputedStyle(document.body).maxWidth,
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth
    }))js");
    const auto r = nlohmann::json::parse(dom.get<std::string>());
    EXPECT_NE(r["url"].get<std::string>().find("q=central+bank"), std::string::npos) << r;
    EXPECT_GE(r["results"].get<int>(), 3) << r;
    EXPECT_EQ(r["titles"].size(), r["results"]);
    EXPECT_NE(r["titles"].dump().find("Central bank raises interest rates"), std::string::npos)
        << r;
    EXPECT_GT(r["marks"].get<int>(), 0);
    EXPECT_NE(r["summary"].get<std::string>().find("Results 1–"), std::string::npos) << r;
    EXPECT_EQ(r["boxValue"], "central bank");
    EXPECT_EQ(r["bodyMaxWidth"], "960px") << "the stylesheet did not load (CSP?)";
    EXPECT_LE(r["pageWidth"].get<int>(), r["viewport"].get<int>()) << "scrolls sideways on a phone";

    const auto shot = browser.call("Page.captureScreenshot", {{"format", "png"}}, page);
    const std::string png = testing::base64_decode(shot["data"].get<std::string>());
    ASSERT_TRUE(png.starts_with("\x89PNG\r\n\x1a\n"));
    std::filesystem::create_directories(GAZETTE_ARTIFACT_DIR);
    const std::string artifact = std::string(GAZETTE_ARTIFACT_DIR) + "/search-results.png";
    std::ofstream(artifact, std::ios::binary) << png;
    std::cout << "screenshot: " << artifact << "\n";

    // A hostile query stays text: no script element, the box shows it verbatim.
    browser.call("Page.navigate",
                 {{"url", base + "/?q=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E%22%3E%3Cimg"}},
                 page);
    browser.wait_for_event("Page.loadEventFired", page);
    EXPECT_EQ(browser.evaluate(page, "document.scripts.length"), 0);
    EXPECT_EQ(browser.evaluate(page, "document.images.length"), 0);
    EXPECT_EQ(browser.evaluate(page, "typeof window.pwned"), "undefined");
    EXPECT_EQ(browser.evaluate(page, "document.querySelector('input[name=q]').value"),
              "<script>window.pwned=1</script>\"><img");
  } catch (const std::exception& e) {
    std::ifstream in(log);
    const std::string output((std::istreambuf_iterator<char>(in)), {});
    FAIL() << e.what() << "\nchromium output:\n" << output;
  }
}

}  // namespace
}  // namespace gazette
