# Install rules and CPack: one build gives a .deb, an .rpm and a .tar.gz on Linux (`./dev.sh package`),
# an MSI and an NSIS installer on Windows, a DMG on macOS. Verified as described in docs/PACKAGING.md.

# GNUInstallDirs would name it after the project (OilWatch); packages name it after the package.
set(OILWATCH_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/oilwatch)
if(UNIX AND NOT APPLE)
  # Debian's copyright file carries the license text there.
  include(${CMAKE_CURRENT_LIST_DIR}/linux/LinuxDesktop.cmake)
else()
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${OILWATCH_DOCDIR})
endif()
install(FILES ${PROJECT_SOURCE_DIR}/THIRD-PARTY-NOTICES.md DESTINATION ${OILWATCH_DOCDIR})

# Windows and macOS bundle Qt: windeployqt / macdeployqt copy the libraries and plugins next to the binary.
# On Linux the distribution's Qt packages are the dependencies instead.
if(WIN32 OR APPLE)
  qt_generate_deploy_app_script(TARGET oilwatch OUTPUT_SCRIPT _oilwatch_deploy NO_UNSUPPORTED_PLATFORM_ERROR)
  install(SCRIPT ${_oilwatch_deploy})
endif()

# `cpack` and `--target install` build only what is installed (the app, its man page and changelog), not every
# test and benchmark: `./dev.sh package` builds exactly those first (the oilwatch_install_parts target).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
add_custom_target(oilwatch_install_parts)
add_dependencies(oilwatch_install_parts oilwatch)
if(TARGET oilwatch_manpage)
  add_dependencies(oilwatch_install_parts oilwatch_manpage oilwatch_changelog)
endif()

set(CPACK_PACKAGE_NAME oilwatch)
set(CPACK_PACKAGE_VENDOR "OilWatch developers")
set(CPACK_PACKAGE_CONTACT "${OILWATCH_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Live energy prices through a resilient client")
# Lines of at most 80 characters: Debian policy, and lintian checks it.
set(CPACK_PACKAGE_DESCRIPTION
    "OilWatch shows live energy prices (Brent, WTI, Henry Hub gas, Dutch TTF,
gasoline and more) from OilPriceAPI on a native Qt dashboard, with a command
line in the same binary. Without an API key it runs on a built-in simulator
that speaks the API's contract. Every price says where it came from and how
old it is; retries, a circuit breaker, a local cache and a price history keep
it useful through outages.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_INSTALL_DIRECTORY OilWatch)
set(CPACK_PACKAGE_EXECUTABLES oilwatch OilWatch)
set(CPACK_PACKAGE_ICON ${OILWATCH_ICON_DIR}/oilwatch.ico)
# Stripped binaries: the packages carry no debug info (the RelWithDebInfo build tree keeps it).
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")

if(UNIX AND NOT APPLE)
  # The libraries come from the system's standard folders: no $ORIGIN run path (qt_standard_project_setup's
  # default, meant for bundles) in the installed binary.
  set_target_properties(oilwatch PROPERTIES INSTALL_RPATH "")
  set(CPACK_GENERATOR "DEB;RPM;TGZ")
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION misc)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
  # Library dependencies come from dpkg-shlibdeps. It cannot see plugins Qt loads at run time: the SQLite
  # driver (cache and history) is the one the app cannot work without, so it is named here.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
  # TLS to the live API needs the system's CA certificates; the simulator does not.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
  # Only for the optional shared cache (--cache-url redis://...).
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-server")

  set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
  set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
  set(CPACK_RPM_PACKAGE_LICENSE "${OILWATCH_LICENSE}")
  set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
  set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
  # Library dependencies come from rpm's AutoReq (sonames). On Fedora the SQLite driver is part of
  # qt6-qtbase, which AutoReq already requires through libQt6Sql.
  set(CPACK_RPM_PACKAGE_AUTOREQ ON)
  set(CPACK_RPM_PACKAGE_SUGGESTS "redis")
  set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none\n%define packager ${OILWATCH_MAINTAINER}")
  # Directories the system owns already: the package must not claim them.
  set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
      /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor /usr/share/man
      /usr/share/man/man1 /usr/share/doc)
elseif(WIN32)
  set(CPACK_GENERATOR "WIX;NSIS")
  # A fixed upgrade code lets a newer MSI replace an older one in place.
  set(CPACK_WIX_UPGRADE_GUID "E922CE34-364A-4D5D-8700-06A4EECFE2D3")
  set(CPACK_WIX_PRODUCT_ICON ${OILWATCH_ICON_DIR}/oilwatch.ico)
  set(CPACK_WIX_PROGRAM_MENU_FOLDER OilWatch)
  set(CPACK_NSIS_MUI_ICON ${OILWATCH_ICON_DIR}/oilwatch.ico)
  set(CPACK_NSIS_MUI_UNIICON ${OILWATCH_ICON_DIR}/oilwatch.ico)
  set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\oilwatch.exe)
  set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_DMG_VOLUME_NAME OilWatch)
  set(CPACK_BUNDLE_ICON ${OILWATCH_ICON_DIR}/oilwatch.icns)
endif()

include(CPack)
