# What a Linux desktop expects from an application, installed where it looks for it: the .desktop file, the
# hicolor icons, the AppStream metainfo and the man page; plus what Debian policy asks of a package (a
# copyright file and a changelog, both in the doc folder).
set(_linux ${CMAKE_CURRENT_LIST_DIR})
set(_out ${CMAKE_BINARY_DIR}/packaging)
set(_desktop ${_out}/${OILWATCH_APP_ID}.desktop)
set(_metainfo ${_out}/${OILWATCH_APP_ID}.metainfo.xml)
configure_file(${_linux}/app.desktop.in ${_desktop} @ONLY)
configure_file(${_linux}/app.metainfo.xml.in ${_metainfo} @ONLY)
configure_file(${_linux}/copyright.in ${_out}/copyright @ONLY)

install(FILES ${_desktop} DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_metainfo} DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
foreach(size IN LISTS OILWATCH_ICON_SIZES)
  install(FILES ${OILWATCH_ICON_DIR}/hicolor/${size}x${size}/oilwatch.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${OILWATCH_APP_ID}.png)
endforeach()
install(FILES ${OILWATCH_ICON_DIR}/oilwatch.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${OILWATCH_APP_ID}.svg)

# The man page is made from `oilwatch --help` after every link of the binary, so it cannot drift from it.
# Built by the default target (and so by `cpack`), not by `--target oilwatch`.
find_program(GZIP_EXECUTABLE gzip REQUIRED)
set(_man ${_out}/oilwatch.1)
add_custom_command(
  OUTPUT ${_man}.gz
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:oilwatch> -DOUTPUT=${_man} -DVERSION=${PROJECT_VERSION}
          -DHOMEPAGE=${PROJECT_HOMEPAGE_URL} -P ${_linux}/manpage.cmake
  # -n: no name or time stamp inside, so the same page gives the same bytes (lintian, reproducible builds).
  COMMAND ${GZIP_EXECUTABLE} -n -9 -f -k ${_man}
  DEPENDS oilwatch ${_linux}/manpage.cmake
  COMMENT "Generating oilwatch.1 from oilwatch --help"
  VERBATIM)
add_custom_target(oilwatch_manpage ALL DEPENDS ${_man}.gz)
install(FILES ${_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Debian wants /usr/share/doc/<package>/copyright and changelog.gz; rpm and the tarball carry them too. A
# package version without a Debian revision is "native", so lintian reads changelog.gz as a Debian changelog.
set(_changelog ${_out}/changelog)
execute_process(COMMAND date -u -R -d "${OILWATCH_RELEASE_DATE} 12:00" OUTPUT_VARIABLE _release_rfc2822
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
file(WRITE ${_changelog} "oilwatch (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * First packaged release: .deb and .rpm packages, an application icon and an\n"
     "    About dialog. The full history is the project's git log:\n"
     "    ${PROJECT_HOMEPAGE_URL}/commits/main\n\n"
     " -- ${OILWATCH_MAINTAINER}  ${_release_rfc2822}\n")
add_custom_command(
  OUTPUT ${_changelog}.gz
  COMMAND ${GZIP_EXECUTABLE} -n -9 -f -k ${_changelog}
  DEPENDS ${_changelog}
  VERBATIM)
add_custom_target(oilwatch_changelog ALL DEPENDS ${_changelog}.gz)
install(FILES ${_out}/copyright ${_changelog}.gz DESTINATION ${OILWATCH_DOCDIR})
