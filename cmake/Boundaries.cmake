# Module boundaries, enforced by the compiler rather than by habit.
#
# Every include in Gazette names its folder ("extract/charset.h"). The repository root is never an
# include directory; instead each library gets an include root of its own in the build tree that
# holds a single link, <folder> -> the source folder. A target therefore finds "indexer/..." only
# when it links gazette_indexer (directly or through a PUBLIC dependency), and a forbidden include
# stops the build with "No such file or directory". tests/CMakeLists.txt proves it with probes.

# gazette_expose_folder(target folder): `target` (a library) publishes the headers of
# ${PROJECT_SOURCE_DIR}/<folder> to whatever links it, and nothing else.
function(gazette_expose_folder target folder)
  set(root "${PROJECT_BINARY_DIR}/include-roots/${target}")
  file(MAKE_DIRECTORY "${root}")
  file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${root}/${folder}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${root}")
endfunction()
