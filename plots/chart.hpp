// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_PLOTS_CHART_HPP
#define HEARSAY_PLOTS_CHART_HPP

// chart and render(): the figures of docs/plots/, as SVG.
//
// A chart is a title, two axes (linear, or base-10 log) and series drawn as
// lines, markers or bars, with a legend and optional vertical marks. Equal
// charts render to equal bytes. A point outside the axes is not drawn and
// breaks its line there (on a log axis, so does a value <= 0): a gap in a line
// is data, not a drawing error.

#include <algorithm> // max
#include <cmath>     // log10, pow, floor, ceil, abs
#include <cstddef>
#include <cstdio> // snprintf
#include <string>
#include <utility> // pair
#include <vector>

#include "svg.hpp"

namespace plots {

/// Chooses how a series is drawn.
enum class draw { line, dashed_line, markers, hollow_markers, line_and_markers, bars };

/// Chooses a marker's shape, so series stay apart in grey print too.
enum class shape { circle, square, diamond, triangle };

/// Holds one series: its points in data units and how to draw them.
struct series {
    std::string label; ///< empty: not in the legend
    std::vector<std::pair<double, double>> points;
    draw style = draw::line;
    std::string color = "#1f77b4";
    shape marker = shape::circle;
    double bar_width = 0.8; ///< in x units, for draw::bars
};

/// Describes one axis: its range, its label (with the unit) and its scale.
struct axis {
    std::string label;
    double min = 0;
    double max = 1;
    bool log = false; ///< base 10; min must be > 0
};

/// Chooses the corner the legend sits in.
enum class corner { top_left, top_right, bottom_left, bottom_right };

/// Holds a whole figure.
struct chart {
    std::string title;
    std::string subtitle; ///< one smaller line under the title: setup, seeds, provenance
    axis x;
    axis y;
    std::vector<series> lines;                           ///< drawn in order, later on top
    std::vector<std::pair<double, std::string>> x_marks; ///< vertical dotted lines, labelled
    corner legend = corner::top_right;
};

namespace detail {

// The drawing area, in pixels, and the mapping from data to it.
struct frame {
    double left = 78, top = 62, width = 658, height = 342; // of a 760 x 460 picture
    axis x, y;

    static double fraction(const axis& a, double v) {
        if (a.log)
            return (std::log10(v) - std::log10(a.min)) / (std::log10(a.max) - std::log10(a.min));
        return (v - a.min) / (a.max - a.min);
    }
    static bool inside(const axis& a, double v) {
        const double slack = a.log ? 1e-9 * a.min : 1e-9 * (a.max - a.min);
        return (!a.log || v > 0) && v >= a.min - slack && v <= a.max + slack;
    }
    double px(double v) const { return left + fraction(x, v) * width; }
    double py(double v) const { return top + (1 - fraction(y, v)) * height; }
    double bottom() const { return top + height; }
    double right() const { return left + width; }
};

// Ticks at 1, 2 or 5 times a power of ten, about six of them (linear), or at powers of ten (log).
inline std::vector<double> ticks(const axis& a) {
    std::vector<double> out;
    if (a.log) {
        for (double p = std::ceil(std::log10(a.min) - 1e-9); p <= std::log10(a.max) + 1e-9; ++p)
            out.push_back(std::pow(10.0, p));
        return out;
    }
    const double raw = (a.max - a.min) / 6;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (const double m : {2.0, 5.0, 10.0})
        if (step < raw)
            step = m * magnitude;
    for (double t = std::ceil(a.min / step) * step; t <= a.max + step * 1e-9; t += step)
        out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return out;
}

inline std::string tick_label(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

inline std::string marker(shape s, double x, double y, const std::string& fill,
                          const std::string& color) {
    const std::string style = "fill=\"" + fill + "\" stroke=\"" + color + "\"";
    const double r = 4;
    switch (s) {
    case shape::circle:
        return svg::circle(x, y, r, style);
    case shape::square:
        return svg::rect(x - r, y - r, 2 * r, 2 * r, style);
    case shape::diamond:
        return svg::path({{x, y - 1.3 * r}, {x + 1.3 * r, y}, {x, y + 1.3 * r}, {x - 1.3 * r, y}},
                         true, style);
    case shape::triangle:
        return svg::path({{x, y - 1.3 * r}, {x + 1.2 * r, y + r}, {x - 1.2 * r, y + r}}, true,
                         style);
    }
    return {};
}

inline bool has_line(draw d) {
    return d == draw::line || d == draw::dashed_line || d == draw::line_and_markers;
}
inline bool has_markers(draw d) {
    return d == draw::markers || d == draw::hollow_markers || d == draw::line_and_markers;
}
inline std::string stroke(const series& l) {
    return "fill=\"none\" stroke=\"" + l.color + "\" stroke-width=\"2\"" +
           (l.style == draw::dashed_line ? " stroke-dasharray=\"6,4\"" : "");
}
inline std::string bar_style(const series& l) {
    return "fill=\"" + l.color + "\" fill-opacity=\"0.55\" stroke=\"" + l.color + "\"";
}

// Title, grid, ticks, the box and the axis labels.
inline std::string draw_frame(const chart& c, const frame& f) {
    std::string s =
        svg::text(380, 22, c.title, "text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\"");
    s += svg::text(380, 40, c.subtitle, "text-anchor=\"middle\" font-size=\"11\" fill=\"#555\"");
    for (const double t : ticks(c.x)) {
        s += svg::line(f.px(t), f.top, f.px(t), f.bottom(), "stroke=\"#e5e5e5\"");
        s += svg::text(f.px(t), f.bottom() + 16, tick_label(t), "text-anchor=\"middle\"");
    }
    for (const double t : ticks(c.y)) {
        s += svg::line(f.left, f.py(t), f.right(), f.py(t), "stroke=\"#e5e5e5\"");
        s += svg::text(f.left - 6, f.py(t) + 4, tick_label(t), "text-anchor=\"end\"");
    }
    s += svg::rect(f.left, f.top, f.width, f.height, "fill=\"none\" stroke=\"#333\"");
    s += svg::text(f.left + f.width / 2, 446, c.x.label, "text-anchor=\"middle\"");
    const double mid = f.top + f.height / 2;
    s += svg::text(18, mid, c.y.label,
                   "text-anchor=\"middle\" transform=\"rotate(-90 18 " + fixed(mid) + ")\"");
    double label_y = f.bottom() - 8; // each mark's label a line above the last: marks may be close
    for (const auto& [at, label] : c.x_marks) {
        if (!frame::inside(c.x, at))
            continue;
        s += svg::line(f.px(at), f.top, f.px(at), f.bottom(),
                       "stroke=\"#888\" stroke-dasharray=\"2,3\"");
        s += svg::text(f.px(at) + 4, label_y, label, "fill=\"#555\"");
        label_y -= 14;
    }
    return s;
}

inline std::string draw_series(const series& l, const frame& f) {
    // Pieces of line between gaps, in pixels.
    std::vector<std::vector<std::pair<double, double>>> pieces(1);
    for (const auto& [x, y] : l.points) {
        if (frame::inside(f.x, x) && frame::inside(f.y, y))
            pieces.back().emplace_back(f.px(x), f.py(y));
        else if (!pieces.back().empty())
            pieces.emplace_back();
    }
    std::string s;
    const double base = f.py(f.y.log ? f.y.min : std::max(f.y.min, 0.0));
    const double bar = l.bar_width * f.width / (f.x.max - f.x.min);
    for (const auto& piece : pieces) {
        if (l.style == draw::bars)
            for (const auto& [x, y] : piece)
                s += svg::rect(x - bar / 2, y, bar, base - y, bar_style(l));
        if (has_line(l.style) && piece.size() > 1)
            s += svg::path(piece, false, stroke(l));
        if (has_line(l.style) && piece.size() == 1) // alone between gaps: a dot, or it vanishes
            s += svg::circle(piece[0].first, piece[0].second, 2.5, "fill=\"" + l.color + "\"");
        if (has_markers(l.style))
            for (const auto& [x, y] : piece)
                s += marker(l.marker, x, y, l.style == draw::hollow_markers ? "white" : l.color,
                            l.color);
    }
    return s;
}

// One row per labelled series, in a box in the chosen corner.
inline std::string draw_legend(const chart& c, const frame& f) {
    std::size_t rows = 0, longest = 0;
    for (const series& l : c.lines)
        if (!l.label.empty()) {
            ++rows;
            longest = std::max(longest, l.label.size());
        }
    if (rows == 0)
        return {};
    const double w = 44 + 6.6 * static_cast<double>(longest); // about 6.6 px a character
    const double h = 8 + 18 * static_cast<double>(rows);
    const bool left = c.legend == corner::top_left || c.legend == corner::bottom_left;
    const bool top = c.legend == corner::top_left || c.legend == corner::top_right;
    const double x0 = (left ? f.left + 10 : f.right() - 10 - w) + 8, x1 = x0 + 24;
    double y = (top ? f.top + 10 : f.bottom() - 10 - h);
    std::string s =
        svg::rect(x0 - 8, y, w, h, "fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"");
    for (const series& l : c.lines) {
        if (l.label.empty())
            continue;
        y += 18;
        if (l.style == draw::bars)
            s += svg::rect(x0 + 4, y - 10, 16, 10, bar_style(l));
        if (has_line(l.style))
            s += svg::line(x0, y - 5, x1, y - 5, stroke(l));
        if (has_markers(l.style))
            s += marker(l.marker, (x0 + x1) / 2, y - 5,
                        l.style == draw::hollow_markers ? "white" : l.color, l.color);
        s += svg::text(x1 + 6, y - 1, l.label, "");
    }
    return s;
}

} // namespace detail

/// Returns the chart as a standalone SVG document of 760 x 460 pixels.
inline std::string render(const chart& c) {
    detail::frame f;
    f.x = c.x;
    f.y = c.y;
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"460\" "
                    "viewBox=\"0 0 760 460\" font-family=\"Helvetica, Arial, sans-serif\" "
                    "font-size=\"12\">\n";
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    s += detail::draw_frame(c, f);
    for (const series& l : c.lines)
        s += detail::draw_series(l, f);
    s += detail::draw_legend(c, f);
    return s + "</svg>\n";
}

} // namespace plots

#endif // HEARSAY_PLOTS_CHART_HPP
