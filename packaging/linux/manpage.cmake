# Writes the man page oilwatch.1 from the binary's own --help, so the two cannot drift apart.
#   cmake -DBINARY=path/to/oilwatch -DOUTPUT=oilwatch.1 -DVERSION=x.y.z -DHOMEPAGE=url -P manpage.cmake
# The help text's paragraphs are kept as they are (no-fill), under a section per heading ("Usage:",
# "Environment:", "Files:", "Exit codes:"); its first line becomes NAME.
cmake_policy(SET CMP0007 NEW) # keep the help's empty lines as list elements
foreach(var BINARY OUTPUT VERSION HOMEPAGE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "manpage.cmake: -D${var}= is required")
  endif()
endforeach()

execute_process(COMMAND ${BINARY} --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR help STREQUAL "")
  message(FATAL_ERROR "manpage.cmake: '${BINARY} --help' failed (${result})")
endif()

# roff: a backslash is \e, a hyphen is \-, and a line must not start with . or ' (a request).
function(roff_escape text out)
  string(REPLACE "<SEMICOLON>" ";" text "${text}")
  string(REPLACE "<LBRACKET>" "[" text "${text}")
  string(REPLACE "<RBRACKET>" "]" text "${text}")
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# CMake lists split on ";" outside square brackets: park the help's own ";", "[" and "]" under placeholders
# while it is split into lines.
string(REPLACE ";" "<SEMICOLON>" help "${help}")
string(REPLACE "[" "<LBRACKET>" help "${help}")
string(REPLACE "]" "<RBRACKET>" help "${help}")
string(REPLACE "\n" ";" lines "${help}")
list(POP_FRONT lines first)
# "OilWatch: live energy prices through a resilient client."
string(REGEX REPLACE "^[^:]*: *" "" summary "${first}")
string(REGEX REPLACE "\\.$" "" summary "${summary}")
roff_escape("${summary}" summary)

set(page ".TH OILWATCH 1 \"\" \"OilWatch ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\noilwatch \\- ${summary}\n")
set(in_block FALSE)
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Z][A-Za-z ]*):(.*)$")
    # A heading starts a section; text after the colon on the same line is its first line.
    string(TOUPPER "${CMAKE_MATCH_1}" heading)
    string(STRIP "${CMAKE_MATCH_2}" rest)
    if(in_block)
      string(APPEND page ".fi\n")
    endif()
    string(APPEND page ".SH ${heading}\n.nf\n")
    set(in_block TRUE)
    if(NOT rest STREQUAL "")
      roff_escape("${rest}" rest)
      string(APPEND page "${rest}\n")
    endif()
  elseif(line STREQUAL "")
    if(in_block)
      string(APPEND page "\n")
    endif()
  else()
    roff_escape("${line}" line)
    string(APPEND page "${line}\n")
  endif()
endforeach()
if(in_block)
  string(APPEND page ".fi\n")
endif()
string(APPEND page ".SH SEE ALSO\n${HOMEPAGE}\n")
# Blank lines inside .nf are fine for man, but lintian and groff prefer none before a request.
string(REGEX REPLACE "\n\n+(\\.)" "\n\\1" page "${page}")
string(REGEX REPLACE "\n\n+" "\n.sp\n" page "${page}")
file(WRITE ${OUTPUT} "${page}")
