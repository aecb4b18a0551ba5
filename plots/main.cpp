// SPDX-License-Identifier: BSL-1.0
// hearsay_plots: runs the simulations behind docs/plots/ and writes one SVG per
// figure. Usage: hearsay_plots <output folder> [provenance, e.g. "d389f4a, 2026-12-01"].
// scripts/plots builds it in Release and passes the commit and its date.

#include <cstdio>
#include <fstream>
#include <string>

#include "figures.hpp"

namespace {

bool write(const std::string& folder, const char* name, const plots::chart& c) {
    const std::string path = folder + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << plots::render(c);
    out.close();
    if (!out) {
        std::fprintf(stderr, "hearsay_plots: cannot write %s\n", path.c_str());
        return false;
    }
    // The figures as text too, so a run's numbers can be read and quoted without a viewer.
    std::printf("%s: %s\n", path.c_str(), c.title.c_str());
    for (const plots::series& l : c.lines) {
        std::printf("  %s:", l.label.c_str());
        for (const auto& [x, y] : l.points)
            std::printf(" %g:%.4g", x, y);
        std::printf("\n");
    }
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: hearsay_plots <output folder> [provenance]\n");
        return 2;
    }
    const std::string folder = argv[1];
    const std::string provenance = argc == 3 ? std::string("hearsay ") + argv[2] : "hearsay";
    const bool ok = write(folder, "informed.svg", plots::informed_per_round(provenance)) &&
                    write(folder, "residue.svg", plots::rumor_residue(provenance)) &&
                    write(folder, "traffic.svg", plots::bytes_per_round(provenance)) &&
                    write(folder, "detection.svg", plots::detection_time(provenance));
    return ok ? 0 : 1;
}
