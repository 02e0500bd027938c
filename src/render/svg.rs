//! Bar charts as inline SVG, drawn at build time: no JavaScript. Each chart
//! has a `<title>` and `<desc>` (read by screen readers through
//! `aria-labelledby`) and comes with an HTML data table. Colours come from
//! CSS classes, so charts follow the page's light or dark scheme, and the
//! `viewBox` lets them shrink to a phone's width.

use std::fmt::Write;

use crate::util::escape::html as xml_escape;

/// One coloured set of bars.
pub struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<f64>,
}

/// A chart ready for a template: the SVG and its data table.
#[derive(serde::Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub table: String,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 36.0;

/// A round step for four grid lines that reach `max`: 1, 2, 2.5 or 5 times
/// a power of ten, and a whole number when the values are counts.
fn nice_step(max: f64, whole: bool) -> f64 {
    let raw = (max / 4.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&v| v >= raw)
        .unwrap_or(10.0 * magnitude);
    if whole { step.ceil().max(1.0) } else { step }
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A grid line's value, with the decimals its step needs: a step of 0.25
/// reads 0.25, 0.5, 0.75 (one decimal made them 0.2 and 0.8).
fn axis_value(v: f64) -> String {
    let text = format!("{v:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A grouped bar chart of `series` over `labels`.
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    labels: &[String],
    series: &[Series],
    unit: &str,
) -> Chart {
    let scale = Scale::new(labels, series);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml_escape(title),
        xml_escape(description)
    );
    grid(&mut svg, &scale);
    bars(&mut svg, &scale, labels, series, unit);
    axis_labels(&mut svg, &scale, labels);
    if series.len() > 1 {
        legend(&mut svg, series);
    }
    svg.push_str("</svg>");
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        table: data_table(title, labels, series),
    }
}

/// Where values and groups fall in the plot.
struct Scale {
    /// The value at the top grid line.
    top: f64,
    plot_h: f64,
    group_w: f64,
    bar_w: f64,
}

impl Scale {
    fn new(labels: &[String], series: &[Series]) -> Scale {
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max);
        let whole = series
            .iter()
            .flat_map(|s| s.values.iter())
            .all(|v| v.fract() == 0.0);
        let top = if max <= 0.0 {
            4.0
        } else {
            nice_step(max, whole) * 4.0
        };
        let plot_w = WIDTH - LEFT - RIGHT;
        let group_w = plot_w / labels.len().max(1) as f64;
        Scale {
            top,
            plot_h: HEIGHT - TOP - BOTTOM,
            group_w,
            bar_w: (group_w * 0.8) / series.len().max(1) as f64,
        }
    }

    /// The height in the drawing of `value`.
    fn y(&self, value: f64) -> f64 {
        TOP + self.plot_h - value / self.top * self.plot_h
    }
}

/// Grid lines and axis values.
fn grid(svg: &mut String, scale: &Scale) {
    for step in 0..=4 {
        let value = scale.top * f64::from(step) / 4.0;
        let gy = scale.y(value);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{gy:.1}\" y2=\"{gy:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            gy + 4.0,
            axis_value(value)
        );
    }
}

/// The bars, each with a tooltip.
fn bars(svg: &mut String, scale: &Scale, labels: &[String], series: &[Series], unit: &str) {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    for (s, serie) in series.iter().enumerate() {
        for (i, &value) in serie.values.iter().enumerate() {
            let x = LEFT + i as f64 * scale.group_w + scale.group_w * 0.1 + s as f64 * scale.bar_w;
            let h = (value / scale.top * scale.plot_h).max(0.0);
            let _ = write!(
                svg,
                "<rect class=\"bar bar-{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{}: {} {}{unit}</title></rect>",
                s + 1,
                scale.y(value),
                (scale.bar_w - 1.0).max(1.0),
                xml_escape(labels.get(i).map_or("", String::as_str)),
                xml_escape(serie.name),
                format_value(value),
            );
        }
    }
}

/// Labels under the bars: all of them when they fit, else every n-th.
fn axis_labels(svg: &mut String, scale: &Scale, labels: &[String]) {
    let every = (labels.len() / 12).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let x = LEFT + i as f64 * scale.group_w + scale.group_w / 2.0;
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - BOTTOM + 16.0,
            xml_escape(label)
        );
    }
}

/// A swatch and name for each series.
fn legend(svg: &mut String, series: &[Series]) {
    let mut lx = LEFT;
    for (s, serie) in series.iter().enumerate() {
        let _ = write!(
            svg,
            "<rect class=\"bar bar-{}\" x=\"{lx:.1}\" y=\"6\" width=\"12\" height=\"12\"/><text class=\"legend\" x=\"{:.1}\" y=\"16\">{}</text>",
            s + 1,
            lx + 16.0,
            xml_escape(serie.name)
        );
        lx += 24.0 + 8.0 * serie.name.chars().count() as f64;
    }
}

/// The chart's numbers as an HTML table.
fn data_table(title: &str, labels: &[String], series: &[Series]) -> String {
    let mut table = format!(
        "<table class=\"chart-data\"><caption>{}</caption><thead><tr><th scope=\"col\">Period</th>",
        xml_escape(title)
    );
    for serie in series {
        let _ = write!(table, "<th scope=\"col\">{}</th>", xml_escape(serie.name));
    }
    table.push_str("</tr></thead><tbody>");
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(table, "<tr><th scope=\"row\">{}</th>", xml_escape(label));
        for serie in series {
            let _ = write!(
                table,
                "<td>{}</td>",
                serie
                    .values
                    .get(i)
                    .map_or_else(String::new, |v| format_value(*v))
            );
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody></table>");
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(3.0, true), 1.0);
        assert_eq!(nice_step(7.0, true), 2.0);
        assert_eq!(nice_step(23.0, true), 10.0);
        assert_eq!(nice_step(1.5, false), 0.5);
    }

    /// What the grid lines of a chart of medians up to one day read.
    #[test]
    fn grid_lines_read_their_whole_values() {
        let chart = bar_chart(
            "c",
            "Median days",
            "Per quarter",
            &["2014-Q1".into(), "2014-Q2".into()],
            &[Series {
                name: "Median days",
                values: vec![0.3, 1.0],
            }],
            "days",
        );
        let doc = roxmltree::Document::parse(&chart.svg).expect("well-formed SVG");
        let axis: Vec<&str> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class") == Some("axis") && n.attribute("text-anchor") == Some("end")
            })
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(axis, ["0", "0.25", "0.5", "0.75", "1"]);
    }

    #[test]
    fn charts_are_labelled_xml() {
        let chart = bar_chart(
            "c",
            "Asked & answered",
            "Per <month>",
            &["2026-01".into()],
            &[Series {
                name: "Asked",
                values: vec![3.0],
            }],
            "",
        );
        let doc = roxmltree::Document::parse(&chart.svg).expect("well-formed SVG");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .expect("title");
        assert_eq!(title.text(), Some("Asked & answered"));
        assert!(chart.table.contains("<td>3</td>"));
    }
}
