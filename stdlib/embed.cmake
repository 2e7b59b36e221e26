# Writes each stdlib module as {"std.name", R"...(text)..."} into OUT.
set(_text "// Generated from stdlib/*.seg by stdlib/embed.cmake; do not edit.\n")
foreach(src ${SOURCES})
  get_filename_component(_name ${src} NAME_WE)
  file(READ ${src} _body)
  string(APPEND _text "{\"std.${_name}\", R\"seg_module(${_body})seg_module\"},\n")
endforeach()
file(WRITE ${OUT} "${_text}")
