# Sets OILWATCH_GIT_DESCRIPTION to `git describe --always --dirty --tags` of the source tree, or "unknown"
# when the sources are not a git checkout (a release tarball) or git is missing. Runs at configure time;
# CMake re-runs it when HEAD moves (a commit, a checkout), through logs/HEAD. A build that sees the sources
# without their git folder (a chroot) passes the host's description with -DOILWATCH_GIT_DESCRIPTION=...
if(OILWATCH_GIT_DESCRIPTION)
  message(STATUS "OilWatch ${PROJECT_VERSION}, git ${OILWATCH_GIT_DESCRIPTION} (given)")
  return()
endif()
find_package(Git QUIET)
set(OILWATCH_GIT_DESCRIPTION "unknown")
if(GIT_FOUND)
  execute_process(
    COMMAND ${GIT_EXECUTABLE} describe --always --dirty --tags
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    OUTPUT_VARIABLE _described
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _describe_result
    ERROR_QUIET)
  if(_describe_result EQUAL 0 AND _described)
    set(OILWATCH_GIT_DESCRIPTION "${_described}")
    execute_process(
      COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path logs/HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      OUTPUT_VARIABLE _head_log
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET)
    if(_head_log AND EXISTS "${_head_log}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_head_log}")
    endif()
  endif()
endif()
message(STATUS "OilWatch ${PROJECT_VERSION}, git ${OILWATCH_GIT_DESCRIPTION}")
