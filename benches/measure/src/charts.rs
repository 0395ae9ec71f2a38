//! The book's charts: each measured comparison drawn as an SVG file (plotters' SVG
//! backend: the text is SVG text the browser sets, so drawing needs no font files), and
//! the alt text that says in words what the chart shows.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// The Okabe–Ito colours, told apart with every common kind of colour blindness.
const COLOURS: [RGBColor; 5] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

const WIDTH: u32 = 760;
const FONT: &str = "sans-serif";

type Failure = Box<dyn std::error::Error>;

/// A comparison of a few things, one bar each (or one bar per series when there are
/// several): rows top to bottom, in the order given.
pub struct Bars<'a> {
    pub title: &'a str,
    /// The value axis, with its unit and which way is better.
    pub axis: &'a str,
    /// The series' names (one for a plain bar chart).
    pub series: &'a [&'a str],
    /// Each row's label and its value in each series (`None`: not measured).
    pub rows: Vec<(String, Vec<Option<f64>>)>,
    /// How a value is written beside its bar and in the alt text.
    pub show: &'a dyn Fn(f64) -> String,
}

/// Values that grow with a count (threads, workers): one line per series, the counts
/// evenly spaced (they double).
pub struct Lines<'a> {
    pub title: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    pub xs: &'a [u32],
    /// Each series' name and its value at each count (`None`: not measured).
    pub series: Vec<(String, Vec<Option<f64>>)>,
    pub show: &'a dyn Fn(f64) -> String,
}

fn text_width(text: &str, size: u32) -> u32 {
    // A sans-serif character is a little over half as wide as it is tall.
    (text.chars().count() as u32 * size * 53).div_ceil(100)
}

impl Bars<'_> {
    /// Draws the chart into `path` and returns its alt text.
    pub fn draw(&self, path: &Path) -> Result<String, Failure> {
        let (n, k) = (self.rows.len(), self.series.len());
        let label_area = self
            .rows
            .iter()
            .map(|(label, _)| text_width(label, 13))
            .max()
            .unwrap_or(0)
            + 12;
        let keys: Vec<(&str, usize)> = self
            .series
            .iter()
            .enumerate()
            .map(|(s, name)| (*name, s))
            .collect();
        let legend = if k > 1 {
            legend_height(&keys, label_area as i32)
        } else {
            0
        };
        let height = 90 + legend as u32 + (n as u32) * (14 * k as u32 + 18);
        let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let max = self
            .rows
            .iter()
            .flat_map(|(_, values)| values.iter().flatten())
            .fold(0.0_f64, |a, &b| a.max(b));
        // The category axis counts hundredths of a row (plotters labels integer
        // positions given as key points): row i spans 100 i to 100 i + 100.
        let centres: Vec<i32> = (0..n as i32).map(|i| i * 100 + 50).collect();
        let labels: Vec<String> = self.rows.iter().rev().map(|(l, _)| l.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(self.title, (FONT, 17))
            .margin(12)
            .x_label_area_size(40)
            .margin_bottom(12 + legend)
            .y_label_area_size(label_area)
            // Room on the right for the value written after the longest bar.
            .build_cartesian_2d(
                0.0..(max * 1.3).max(f64::MIN_POSITIVE),
                (0..n as i32 * 100).with_key_points(centres),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(self.axis)
            .x_labels(6)
            .x_label_formatter(&|v| trim_number(*v))
            .y_label_formatter(&|y| labels.get((*y / 100) as usize).cloned().unwrap_or_default())
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        let band = 80 / k as i32;
        let value_style = TextStyle::from((FONT, 12).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for s in 0..k {
            let colour = COLOURS[s % COLOURS.len()];
            // Row 0 at the top; within a row, series 0 on top.
            let place = |row: usize| {
                let top = (n - 1 - row) as i32 * 100 + 90 - band * s as i32;
                (top - band, top)
            };
            let bars = self
                .rows
                .iter()
                .enumerate()
                .filter_map(|(row, (_, values))| {
                    let v = values.get(s).copied().flatten()?;
                    let (y0, y1) = place(row);
                    Some(Rectangle::new(
                        [(0.0, y0 + 2), (v, y1 - 2)],
                        colour.filled(),
                    ))
                });
            chart.draw_series(bars)?;
            chart.draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .filter_map(|(row, (_, values))| {
                        let v = values.get(s).copied().flatten()?;
                        let (y0, y1) = place(row);
                        Some(Text::new(
                            format!(" {}", (self.show)(v)),
                            (v, (y0 + y1) / 2),
                            value_style.clone(),
                        ))
                    }),
            )?;
        }
        if k > 1 {
            draw_legend(
                &root,
                &keys,
                label_area as i32,
                height as i32 - legend,
                true,
            )?;
        }
        root.present()?;

        let mut alt = format!("Bar chart, {}: ", self.axis);
        let mut parts = Vec::new();
        for (label, values) in &self.rows {
            let shown: Vec<String> = self
                .series
                .iter()
                .zip(values)
                .filter_map(|(name, v)| {
                    let v = (self.show)((*v)?);
                    Some(if k > 1 { format!("{name} {v}") } else { v })
                })
                .collect();
            if !shown.is_empty() {
                parts.push(format!("{label}: {}", shown.join(", ")));
            }
        }
        alt.push_str(&parts.join("; "));
        alt.push('.');
        Ok(alt)
    }
}

impl Lines<'_> {
    /// Draws the chart into `path` and returns its alt text.
    pub fn draw(&self, path: &Path) -> Result<String, Failure> {
        let keys: Vec<(&str, usize)> = self
            .series
            .iter()
            .enumerate()
            .map(|(s, (name, _))| (name.as_str(), s))
            .collect();
        let legend = legend_height(&keys, 76);
        let height = 420 + legend as u32;
        let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let max = self
            .series
            .iter()
            .flat_map(|(_, values)| values.iter().flatten())
            .fold(0.0_f64, |a, &b| a.max(b));
        let m = self.xs.len();
        // The count axis counts hundredths of a step between counts (plotters labels
        // integer positions given as key points): count i at 100 i.
        let positions: Vec<i32> = (0..m as i32).map(|i| i * 100).collect();
        let xs = self.xs;
        let mut chart = ChartBuilder::on(&root)
            .caption(self.title, (FONT, 17))
            .margin(12)
            .x_label_area_size(44)
            .margin_bottom(12 + legend)
            .y_label_area_size(64)
            .build_cartesian_2d(
                (-30..(m as i32 - 1) * 100 + 30).with_key_points(positions),
                0.0..(max * 1.2).max(f64::MIN_POSITIVE),
            )?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(self.x_axis)
            .y_desc(self.y_axis)
            .x_label_formatter(&|x| {
                xs.get((*x / 100) as usize)
                    .map(u32::to_string)
                    .unwrap_or_default()
            })
            .y_labels(6)
            .y_label_formatter(&|v| trim_number(*v))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        for (s, (_, values)) in self.series.iter().enumerate() {
            let colour = COLOURS[s % COLOURS.len()];
            let points: Vec<(i32, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((i as i32 * 100, (*v)?)))
                .collect();
            chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
            // A different marker per series, so the lines differ in more than colour.
            match s % 3 {
                0 => {
                    chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled())))?
                }
                1 => chart.draw_series(
                    points
                        .iter()
                        .map(|&p| TriangleMarker::new(p, 5, colour.filled())),
                )?,
                _ => chart.draw_series(
                    points
                        .iter()
                        .map(|&p| Cross::new(p, 4, colour.stroke_width(2))),
                )?,
            };
        }
        draw_legend(&root, &keys, 76, height as i32 - legend, false)?;
        root.present()?;

        let mut alt = format!(
            "Line chart, {} against {} ({}): ",
            self.y_axis,
            self.x_axis,
            self.xs
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let parts: Vec<String> = self
            .series
            .iter()
            .map(|(name, values)| {
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| v.map_or("not measured".into(), |v| (self.show)(v)))
                    .collect();
                format!("{name}: {}", shown.join(", "))
            })
            .collect();
        alt.push_str(&parts.join("; "));
        alt.push('.');
        Ok(alt)
    }
}

/// A legend entry's width: its key, its name, a gap.
fn key_width(name: &str) -> i32 {
    28 + text_width(name, 13) as i32 + 20
}

/// The height of the legend's rows (entries wrap when a row is full), with a margin.
fn legend_height(keys: &[(&str, usize)], x0: i32) -> i32 {
    let (mut rows, mut x) = (1, x0);
    for (name, _) in keys {
        let w = key_width(name);
        if x + w > WIDTH as i32 - 10 && x > x0 {
            rows += 1;
            x = x0;
        }
        x += w;
    }
    rows * 20 + 8
}

/// Draws a legend in rows (wrapping when full) from `(x0, top)` of the whole image:
/// each series' name after its colour, as a box for bars or as its line and marker.
fn draw_legend(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    keys: &[(&str, usize)],
    x0: i32,
    top: i32,
    boxes: bool,
) -> Result<(), Failure> {
    let style = TextStyle::from((FONT, 13).into_font())
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let (mut x, mut y) = (x0, top + 6);
    for &(name, s) in keys {
        let w = key_width(name);
        if x + w > WIDTH as i32 - 10 && x > x0 {
            x = x0;
            y += 20;
        }
        let colour = COLOURS[s % COLOURS.len()];
        if boxes {
            root.draw(&Rectangle::new(
                [(x, y - 6), (x + 22, y + 6)],
                colour.filled(),
            ))?;
        } else {
            root.draw(&PathElement::new(
                [(x, y), (x + 22, y)],
                colour.stroke_width(2),
            ))?;
            match s % 3 {
                0 => root.draw(&Circle::new((x + 11, y), 4, colour.filled()))?,
                1 => root.draw(&TriangleMarker::new((x + 11, y), 5, colour.filled()))?,
                _ => root.draw(&Cross::new((x + 11, y), 4, colour.stroke_width(2)))?,
            }
        }
        root.draw(&Text::new(name.to_string(), (x + 28, y), style.clone()))?;
        x += w;
    }
    Ok(())
}

/// A value to three significant figures (two decimals below 10): 50.1, 1.73, 270.
pub fn sig3(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// An axis number without trailing zeros: 2, 2.5, 0.25.
fn trim_number(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Markdown for a chart: the image with its alt text (Markdown's marks escaped, so the
/// alt text reads as written and cannot end the image early).
pub fn image(alt: &str, file: &str) -> String {
    let mut escaped = String::new();
    for c in alt.chars() {
        if matches!(c, '[' | ']' | '*' | '`' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(if c == '\n' { ' ' } else { c });
    }
    let alt = escaped;
    format!("![{alt}](figures/{file})\n")
}
