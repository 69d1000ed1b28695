# gazette_set_warnings(target): the project's warning flags, optionally as errors.
function(gazette_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wno-sign-conversion -Wnon-virtual-dtor
    # GCC 12 reports false -Wrestrict positives inside std::string operator+ (GCC bug 105329).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict> -Wold-style-cast -Wimplicit-fallthrough)
  if(GAZETTE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
