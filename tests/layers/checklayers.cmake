# Checks that code only reaches down: every #include "folder/file.h" of a library's sources must name a file
# of the same library or of one it links, directly or through others. Run by ctest (tests/layers) as
#   cmake -DMAP=<layers.cmake> -P checklayers.cmake
# MAP sets ROOT, INCLUDE_ROOTS (where quoted includes are looked up, after the including file's folder, as
# the compiler does), LAYERS, and per layer <name>_DEPS (what it links) and <name>_SOURCES (relative to ROOT).
# The real MAP is written at configure time from the targets themselves (tests/layers/CMakeLists.txt), so
# there is no second table of layers to keep in step. It also fails on a folder shared by two libraries and on
# a library that links itself through others (a cycle).
cmake_minimum_required(VERSION 3.22)
include(${MAP})

# Which library owns each folder.
set(folders "")
foreach(layer IN LISTS LAYERS)
  foreach(src IN LISTS ${layer}_SOURCES)
    get_filename_component(dir "${src}" DIRECTORY)
    if(DEFINED owner_${dir} AND NOT owner_${dir} STREQUAL layer)
      message(SEND_ERROR "${dir}/ holds sources of both ${owner_${dir}} and ${layer}")
    endif()
    set(owner_${dir} ${layer})
  endforeach()
endforeach()

# Everything each library may use: what it links, and what those link, to the bottom.
foreach(layer IN LISTS LAYERS)
  set(reach "")
  set(todo ${${layer}_DEPS})
  while(todo)
    list(POP_FRONT todo next)
    if(NOT next IN_LIST reach)
      list(APPEND reach ${next})
      list(APPEND todo ${${next}_DEPS})
    endif()
  endwhile()
  if(layer IN_LIST reach)
    message(SEND_ERROR "${layer} links itself through ${reach}: the layers form a cycle")
  endif()
  set(${layer}_REACH ${reach})
endforeach()

set(violations 0)
foreach(layer IN LISTS LAYERS)
  foreach(src IN LISTS ${layer}_SOURCES)
    if(NOT src MATCHES "\\.(h|cpp)$" OR NOT EXISTS "${ROOT}/${src}")
      continue()
    endif()
    get_filename_component(srcdir "${src}" DIRECTORY)
    file(STRINGS "${ROOT}/${src}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${line}")
      # The folder the included file is in, searched like the compiler: its own folder first.
      set(found "")
      foreach(base IN ITEMS "${srcdir}" ${INCLUDE_ROOTS})
        if(base STREQUAL ".")
          set(candidate "${inc}")
        else()
          set(candidate "${base}/${inc}")
        endif()
        if(EXISTS "${ROOT}/${candidate}")
          set(found "${candidate}")
          break()
        endif()
      endforeach()
      if(found STREQUAL "")
        continue() # a generated header (oilwatch/version.h) or a system one in quotes
      endif()
      get_filename_component(incdir "${found}" DIRECTORY)
      if(NOT DEFINED owner_${incdir})
        continue() # not part of any library (tests/support, say)
      endif()
      set(owner ${owner_${incdir}})
      if(NOT owner STREQUAL layer AND NOT owner IN_LIST ${layer}_REACH)
        message("${src} includes ${found}: ${layer} may not use ${owner} (it reaches: ${${layer}_REACH})")
        math(EXPR violations "${violations} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations GREATER 0)
  message(FATAL_ERROR "${violations} include(s) reach up a layer; move the code down or the caller up")
endif()
list(LENGTH LAYERS count)
message(STATUS "layers: ${count} libraries, every include reaches only down")
