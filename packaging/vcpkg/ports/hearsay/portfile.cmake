# Before submitting to the vcpkg registry, once the release is tagged:
#   REPO    the project's GitHub "owner/name"
#   REF     the release tag (v${VERSION} for 0.1.0 is "v0.1.0")
#   SHA512  the hash of that tag's archive: leave it 0, run `vcpkg install hearsay`
#           and copy the "Actual hash" from the error, or run `vcpkg hash <archive>`
vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO OWNER/hearsay
    REF "v${VERSION}"
    SHA512 0
    HEAD_REF main
)

# Headers only: one (release) configuration is enough.
set(VCPKG_BUILD_TYPE release)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DHEARSAY_BUILD_TESTS=OFF
        -DHEARSAY_BUILD_EXAMPLES=OFF
        -DHEARSAY_BUILD_BENCHMARKS=OFF
        -DHEARSAY_BUILD_FUZZERS=OFF
        -DHEARSAY_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/hearsay)
vcpkg_fixup_pkgconfig()

# The license is installed below as `copyright`, where vcpkg looks for it.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
