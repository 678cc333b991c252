# The setup fixture of every test (tests/CMakeLists.txt): empties the test's throw-away HOME and creates the
# folders its XDG variables name, so each run starts from nothing and no test sees the developer's real
# settings, cache or history, nor what an earlier run left behind.
# Usage: cmake -DHOME=<folder> -P freshhome.cmake
if(NOT HOME OR NOT IS_ABSOLUTE "${HOME}")
  message(FATAL_ERROR "freshhome.cmake: HOME must be an absolute path, got '${HOME}'")
endif()
file(REMOVE_RECURSE "${HOME}")
file(MAKE_DIRECTORY "${HOME}/data" "${HOME}/config" "${HOME}/cache" "${HOME}/runtime")
# Qt refuses a runtime folder that others may read.
file(CHMOD "${HOME}" "${HOME}/runtime" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
