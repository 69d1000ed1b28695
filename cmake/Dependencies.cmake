# Every external dependency of Gazette, found once. Targets below use only imported targets.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# Xapian ships a config file with plain variables; wrap them in an imported target.
find_package(Xapian 1.4 REQUIRED CONFIG)
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(pugixml REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # tests: client and fixture servers
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)
pkg_check_modules(BROTLIDEC REQUIRED IMPORTED_TARGET libbrotlidec)  # br bodies in other tools' WARCs
pkg_check_modules(BROTLIENC REQUIRED IMPORTED_TARGET libbrotlienc)  # tests: br bodies to read

# libcld2 has neither a CMake config nor a pkg-config file.
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
find_path(CLD2_INCLUDE_DIR NAMES cld2/public/compact_lang_det.h REQUIRED)
add_library(CLD2::CLD2 UNKNOWN IMPORTED)
set_target_properties(CLD2::CLD2 PROPERTIES
  IMPORTED_LOCATION "${CLD2_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")

if(GAZETTE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(GAZETTE_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()
