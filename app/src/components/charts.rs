//! Charts drawn as plain SVG strings by pure functions (the same bytes on the server and in
//! the browser), shown with `inner_html`. Every chart is an image with a title and a
//! description, prints its values as text, and tells its series apart by pattern and legend,
//! not by colour alone. Pages show the same numbers in a table as well.
use leptos::prelude::*;

/// One series of a bar chart: its name and one value per category.
pub struct Series<'a> {
    pub name: &'a str,
    pub values: &'a [i64],
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 40.0;
/// Plot height: a bar of the largest value is this tall.
pub const PLOT_HEIGHT: f64 = HEIGHT - TOP - BOTTOM;
/// Dark colours (contrast above 7:1 on white); the second series is also hatched.
const COLOURS: [&str; 2] = ["#1d4f91", "#8a3b00"];

/// The height of a bar of `value` when `max` is the largest value (at least 1, so all-zero data
/// draws flat bars instead of dividing by zero).
pub fn bar_height(value: i64, max: i64) -> f64 {
    let max = max.max(1) as f64;
    (value.max(0) as f64 / max * PLOT_HEIGHT).clamp(0.0, PLOT_HEIGHT)
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// A grouped bar chart: one group per category, one bar per series (at most two), each bar
/// with its value written above it. `id` must be unique on the page (it names the title,
/// description and pattern elements).
pub fn grouped_bar_chart(
    id: &str,
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
) -> String {
    let id = escape(id);
    let series = &series[..series.len().min(COLOURS.len())];
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let groups = categories.len().max(1) as f64;
    let group_width = (WIDTH - LEFT - RIGHT) / groups;
    let bar_width = group_width * 0.8 / series.len().max(1) as f64;
    let baseline = HEIGHT - BOTTOM;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" class="chart"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc><defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="{c1}"/></pattern></defs><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
        w = WIDTH,
        h = HEIGHT,
        title = escape(title),
        desc = escape(description),
        c1 = COLOURS[1],
    );
    // Legend: a swatch drawn like the bars, and the series name.
    for (i, s) in series.iter().enumerate() {
        let x = LEFT + i as f64 * 200.0;
        svg.push_str(&format!(
            r##"<rect x="{x}" y="12" width="16" height="16" fill="{fill}" stroke="{c}" stroke-width="1.5"/><text x="{tx}" y="25" font-size="14" fill="#1a1a1a">{name}</text>"##,
            x = fmt(x),
            fill = fill(&id, i),
            c = COLOURS[i],
            tx = fmt(x + 22.0),
            name = escape(s.name),
        ));
    }
    svg.push_str(&format!(
        r##"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#1a1a1a" stroke-width="1"/>"##,
        l = fmt(LEFT),
        r = fmt(WIDTH - RIGHT),
        b = fmt(baseline),
    ));
    for (g, category) in categories.iter().enumerate() {
        let group_x = LEFT + g as f64 * group_width + group_width * 0.1;
        for (i, s) in series.iter().enumerate() {
            let value = s.values.get(g).copied().unwrap_or(0);
            let height = bar_height(value, max);
            let x = group_x + i as f64 * bar_width;
            svg.push_str(&format!(
                r##"<rect x="{x}" y="{y}" width="{bw}" height="{bh}" fill="{fill}" stroke="{c}" stroke-width="1.5"><title>{cat} {name}: {value}</title></rect><text x="{tx}" y="{ty}" font-size="12" text-anchor="middle" fill="#1a1a1a">{value}</text>"##,
                x = fmt(x),
                y = fmt(baseline - height),
                bw = fmt(bar_width),
                bh = fmt(height),
                fill = fill(&id, i),
                c = COLOURS[i],
                cat = escape(category),
                name = escape(s.name),
                tx = fmt(x + bar_width / 2.0),
                ty = fmt(baseline - height - 4.0),
            ));
        }
        svg.push_str(&format!(
            r##"<text x="{x}" y="{y}" font-size="12" text-anchor="middle" fill="#1a1a1a">{label}</text>"##,
            x = fmt(LEFT + g as f64 * group_width + group_width / 2.0),
            y = fmt(baseline + 18.0),
            label = escape(category),
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn fill(id: &str, series: usize) -> String {
    if series == 0 {
        COLOURS[0].to_string()
    } else {
        format!("url(#{id}-hatch)")
    }
}

/// Shows a chart's SVG markup.
#[component]
pub fn Chart(svg: String) -> impl IntoView {
    view! { <div class="chart-box" inner_html=svg></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: [&[i64]; 2], names: [&str; 2]) -> String {
        let categories = vec!["W1".to_string(), "W2".to_string()];
        grouped_bar_chart(
            "c",
            "标题 <b>",
            "desc & more",
            &categories,
            &[
                Series {
                    name: names[0],
                    values: values[0],
                },
                Series {
                    name: names[1],
                    values: values[1],
                },
            ],
        )
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let svg = chart([&[1, 2], &[3, 4]], ["<script>", "a\"b"]);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("a&quot;b"));
        assert!(svg.contains("标题 &lt;b&gt;"));
        assert!(svg.contains("desc &amp; more"));
    }

    #[test]
    fn is_an_accessible_image_with_text_values() {
        let svg = chart([&[7, 2], &[3, 11]], ["收件", "办结"]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
        assert!(svg.contains(r#"<title id="c-title">"#));
        for value in ["7", "2", "3", "11"] {
            assert!(svg.contains(&format!(">{value}</text>")), "{value}");
        }
        assert!(
            svg.contains("url(#c-hatch)"),
            "the second series is hatched"
        );
        assert!(svg.contains(">W1</text>") && svg.contains(">W2</text>"));
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        assert_eq!(bar_height(10, 10), PLOT_HEIGHT);
        assert_eq!(bar_height(5, 10), PLOT_HEIGHT / 2.0);
        assert_eq!(bar_height(0, 10), 0.0);
        let svg = chart([&[10, 5], &[0, 1]], ["a", "b"]);
        assert!(svg.contains(&format!(r#"height="{}""#, fmt(PLOT_HEIGHT))));
        assert!(svg.contains(&format!(r#"height="{}""#, fmt(PLOT_HEIGHT / 2.0))));
    }

    #[test]
    fn all_zero_data_draws_flat_bars() {
        assert_eq!(bar_height(0, 0), 0.0);
        let svg = chart([&[0, 0], &[0, 0]], ["a", "b"]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert_eq!(svg.matches(r#"height="0.0""#).count(), 4);
        let empty = grouped_bar_chart("e", "t", "d", &[], &[]);
        assert!(empty.ends_with("</svg>") && !empty.contains("NaN"));
    }
}
