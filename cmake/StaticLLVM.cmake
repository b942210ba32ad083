# The GPU bundle's libkiln.so holds the LLVM and MLIR it uses, so it runs on
# machines with no LLVM. Debian's CMake targets for the static libraries
# would pull in the shared libLLVM/libMLIR and their dependencies (libz3,
# ICU, libxml2), so the archives are named directly and lld keeps the
# members that are used. See ../shared/notes/static-llvm-bundle.md.

# Archives never needed at run time: tools, tests, language servers.
set(KILN_STATIC_LLVM_EXCLUDE
  "/lib(MLIR(Test|CAPI|OptMain|Lsp|Reduce|Query|Tblgen|TableGen|PDLL|Translate(Main|Lib))|LLVM(BOLT|Exegesis|TableGen|CFIVerify|Fuzz))[^/]*\\.a$")

function(kiln_link_static_llvm target)
  file(GLOB archives "${LLVM_LIBRARY_DIR}/libMLIR*.a"
                     "${LLVM_LIBRARY_DIR}/libLLVM*.a")
  list(FILTER archives EXCLUDE REGEX "${KILN_STATIC_LLVM_EXCLUDE}")
  target_link_options(${target} PRIVATE -fuse-ld=lld -Wl,--gc-sections
                      -Wl,-z,defs)
  target_link_libraries(${target} PRIVATE
    -Wl,--start-group ${archives} -Wl,--end-group
    z -l:libzstd.so.1 ${CMAKE_DL_LIBS} pthread m)
endfunction()
