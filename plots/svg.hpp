// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_PLOTS_SVG_HPP
#define HEARSAY_PLOTS_SVG_HPP

// svg: the few SVG elements the charts are drawn with, each returned as one
// line of text. Coordinates are printed with one decimal, so equal inputs give
// equal bytes on every platform.

#include <cstdio> // snprintf
#include <string>
#include <utility> // pair
#include <vector>

namespace plots {

/// Returns v with a fixed number of decimals.
inline std::string fixed(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

namespace svg {

/// Returns text with the characters XML reserves escaped.
inline std::string escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

/// Returns a line segment; `style` holds further attributes (stroke, dashes).
inline std::string line(double x1, double y1, double x2, double y2, const std::string& style) {
    return "<line x1=\"" + fixed(x1) + "\" y1=\"" + fixed(y1) + "\" x2=\"" + fixed(x2) +
           "\" y2=\"" + fixed(y2) + "\" " + style + "/>\n";
}

/// Returns a rectangle from its top-left corner; `style` holds further attributes.
inline std::string rect(double x, double y, double w, double h, const std::string& style) {
    return "<rect x=\"" + fixed(x) + "\" y=\"" + fixed(y) + "\" width=\"" + fixed(w) +
           "\" height=\"" + fixed(h) + "\" " + style + "/>\n";
}

/// Returns a circle; `style` holds further attributes.
inline std::string circle(double x, double y, double r, const std::string& style) {
    return "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) + "\" r=\"" + fixed(r) + "\" " +
           style + "/>\n";
}

/// Returns a polygon (closed) or a polyline (open) through the points.
inline std::string path(const std::vector<std::pair<double, double>>& points, bool closed,
                        const std::string& style) {
    std::string s = closed ? "<polygon points=\"" : "<polyline points=\"";
    for (std::size_t i = 0; i < points.size(); ++i)
        s += (i == 0 ? "" : " ") + fixed(points[i].first) + "," + fixed(points[i].second);
    return s + "\" " + style + "/>\n";
}

/// Returns a text, escaped; `style` holds further attributes (anchor, size, transform).
inline std::string text(double x, double y, const std::string& content, const std::string& style) {
    return "<text x=\"" + fixed(x) + "\" y=\"" + fixed(y) + "\" " + style + ">" + escape(content) +
           "</text>\n";
}

} // namespace svg
} // namespace plots

#endif // HEARSAY_PLOTS_SVG_HPP
