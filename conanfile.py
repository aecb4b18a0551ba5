import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir

required_conan_version = ">=2.0"


class HearsayConan(ConanFile):
    name = "hearsay"
    # Keep in step with include/hearsay/version.hpp (tests/release checks it).
    version = "0.1.0"
    description = "Header-only C++17 delta-state CRDTs and a sans-I/O gossip engine"
    license = "BSL-1.0"
    topics = ("crdt", "gossip", "replication", "eventual-consistency", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "CMakeLists.txt", "LICENSE", "cmake/*", "include/*"
    no_copy_source = True

    def layout(self):
        cmake_layout(self)

    def package_id(self):
        # Headers only: one package serves every configuration.
        self.info.clear()

    def validate(self):
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 17)

    def generate(self):
        toolchain = CMakeToolchain(self)
        for option in ("TESTS", "EXAMPLES", "BENCHMARKS", "FUZZERS"):
            toolchain.cache_variables[f"HEARSAY_BUILD_{option}"] = False
        toolchain.cache_variables["HEARSAY_INSTALL"] = True
        toolchain.generate()

    def build(self):
        # Nothing to compile; configuring prepares the install rules package() runs.
        CMake(self).configure()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # Conan consumers get CMake and pkg-config files generated from package_info().
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "hearsay")
        self.cpp_info.set_property("cmake_target_name", "hearsay::hearsay")
        self.cpp_info.set_property("pkg_config_name", "hearsay")
