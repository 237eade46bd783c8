//! Numbers for people: titles, descriptions and legends.

/// Formats a value for titles and legends: thousands separators, few decimals.
pub(crate) fn fmt_value(v: f64) -> String {
    let a = v.abs();
    let s = if a >= 100.0 || v == v.round() && a < 1e15 {
        format!("{:.0}", v)
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 0.01 {
        format!("{v:.2}")
    } else {
        format!("{v:.2e}")
    };
    // thousands separators on the integer part
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    if rest.contains('e') {
        return s;
    }
    let (int, frac) = rest.split_once('.').map_or((rest, ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (n, ch) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Escapes text for XML and HTML element content and attribute values (the SVG picture and
/// the page share it).
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::fmt_value;

    #[test]
    fn values_are_formatted_for_people() {
        assert_eq!(fmt_value(1234567.0), "1,234,567");
        assert_eq!(fmt_value(12.345), "12.3");
        assert_eq!(fmt_value(3.0), "3");
        assert_eq!(fmt_value(0.1234), "0.12");
        assert_eq!(fmt_value(-2500.4), "-2,500");
    }
}
