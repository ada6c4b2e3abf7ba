# Embeds demo texts into the binary: DIR/*.md as FUNC() → {name, content}.
# Used for the demo congress's documents (DemoTexts) and its province pages
# (DemoPages).
if(NOT FUNC)
  set(FUNC DemoTexts)
endif()
file(GLOB files "${DIR}/*.md")
list(SORT files)
set(body "// Generated from ${DIR}/*.md by embed_demo.cmake. Do not edit.\n#include \"app/demo_texts.h\"\nnamespace phonghop::app {\nconst std::vector<std::pair<std::string, std::string>>& ${FUNC}() {\n  static const std::vector<std::pair<std::string, std::string>> k = {\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  file(READ ${f} content)
  string(APPEND body "    {\"${name}\", R\"phd(${content})phd\"},\n")
endforeach()
string(APPEND body "  };\n  return k;\n}\n}  // namespace phonghop::app\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
