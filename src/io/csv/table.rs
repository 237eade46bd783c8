//! The lenient CSV table shared by the case readers: header, optional HXL row, rows with
//! their line numbers, personal-data columns marked for dropping.

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::ReadOptions;
use crate::io::hxl::{HxlTag, is_hxl_row};

use super::personal_data::looks_personal;

/// A CSV table read leniently: header, optional HXL row, rows with their line numbers, and
/// the errors of rows that could not be split into the header's columns.
pub(crate) struct Table {
    pub label: String,
    /// Header cells as written.
    pub raw_names: Vec<String>,
    /// Header cells normalised (lower case, non-alphanumerics → `_`).
    pub names: Vec<String>,
    pub tags: Vec<Option<HxlTag>>,
    /// Whether each column is dropped as personal data.
    pub dropped: Vec<bool>,
    pub rows: Vec<(u64, Vec<String>)>,
    pub errors: Vec<Diagnostic>,
    pub data_rows: usize,
}

/// Normalises a column name: lower case, runs of non-alphanumerics become `_`.
pub(crate) fn normalise_name(s: &str) -> String {
    crate::io::aliases::normalise_header(s)
}

impl Table {
    pub fn read(label: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = rdr.records();
        let mut errors = Vec::new();
        let header = match records.next() {
            None => {
                return Err(Error::Invalid(vec![Diagnostic::error(
                    ProblemKind::InvalidProperty,
                    SourceLocation::file(label),
                    "empty file: no header row",
                )]));
            }
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Err(Error::Invalid(vec![Diagnostic::error(
                    ProblemKind::InvalidProperty,
                    SourceLocation::line(label, e.position().map_or(1, |p| p.line())),
                    format!("unreadable header row: {e}"),
                )]));
            }
        };
        let raw_names: Vec<String> = header.iter().map(|s| s.trim().to_string()).collect();
        let mut tags: Vec<Option<HxlTag>> = vec![None; raw_names.len()];
        let mut names: Vec<String> = raw_names.iter().map(|s| normalise_name(s)).collect();
        let mut rows = Vec::new();
        let mut data_rows = 0;
        if is_hxl_row(&raw_names) {
            // hashtags only, no text header
            tags = raw_names.iter().map(|c| HxlTag::parse(c)).collect();
            names = raw_names.iter().map(|c| normalise_name(c)).collect();
        }
        let mut first = true;
        for rec in records {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line());
                    let cells: Vec<String> = r.iter().map(|s| s.to_string()).collect();
                    if first && tags.iter().all(Option::is_none) && is_hxl_row(&cells) {
                        tags = cells.iter().map(|c| HxlTag::parse(c)).collect();
                        tags.resize(raw_names.len(), None);
                        first = false;
                        continue;
                    }
                    first = false;
                    data_rows += 1;
                    if cells.len() != raw_names.len() {
                        errors.push(Diagnostic::error(
                            ProblemKind::InvalidProperty,
                            SourceLocation::line(label, line),
                            format!(
                                "expected {} fields as in the header, found {}",
                                raw_names.len(),
                                cells.len()
                            ),
                        ));
                        continue;
                    }
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        errors.push(Diagnostic::error(
                            ProblemKind::InvalidProperty,
                            SourceLocation::line(label, line),
                            "empty row",
                        ));
                        continue;
                    }
                    rows.push((line, cells));
                }
                Err(e) => {
                    first = false;
                    data_rows += 1;
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(Diagnostic::error(
                        ProblemKind::InvalidProperty,
                        SourceLocation::line(label, line),
                        format!("unreadable row: {e}"),
                    ));
                }
            }
        }
        let keep: Vec<String> = opts
            .keep_columns
            .iter()
            .map(|k| normalise_name(k))
            .collect();
        let dropped = names
            .iter()
            .zip(&tags)
            .map(|(n, t)| looks_personal(n, t.as_ref()) && !keep.contains(n))
            .collect();
        Ok(Table {
            label: label.to_string(),
            raw_names,
            names,
            tags,
            dropped,
            rows,
            errors,
            data_rows,
        })
    }

    /// First usable column whose HXL tag satisfies `tag`, else whose normalised name is one
    /// of `names` (in order of preference).
    pub fn find(&self, names: &[&str], tag: impl Fn(&HxlTag) -> bool) -> Option<usize> {
        if let Some(i) = (0..self.names.len()).find(|&i| self.tags[i].as_ref().is_some_and(&tag)) {
            return Some(i);
        }
        names
            .iter()
            .find_map(|n| self.names.iter().position(|c| c == n))
    }

    pub fn dropped_columns(&self) -> Vec<String> {
        self.raw_names
            .iter()
            .zip(&self.dropped)
            .filter(|(_, d)| **d)
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn row_error(
        &self,
        line: u64,
        col: Option<usize>,
        kind: ProblemKind,
        msg: impl Into<String>,
    ) -> Diagnostic {
        let mut loc = SourceLocation::line(&self.label, line);
        if let Some(c) = col {
            loc = loc.with_field(self.raw_names[c].clone());
        }
        Diagnostic::error(kind, loc, msg)
    }
}

/// Parses an optional non-negative integer count (`"3"`, `"3.0"`; empty → `None`).
pub(crate) fn parse_count(s: &str) -> std::result::Result<Option<u32>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let v: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
    if !v.is_finite() || v < 0.0 || v.fract() != 0.0 || v > f64::from(u32::MAX) {
        return Err(format!("{t:?} is not a non-negative whole number"));
    }
    Ok(Some(v as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Table> {
        Table::read("t.csv", text.as_bytes(), &ReadOptions::default())
    }

    #[test]
    fn header_hxl_row_and_line_numbers() {
        let t = read("\u{feff}Lat,Longitude,Teléfono\n#geo+lat,#geo+lon,#contact+phone\n14.9,-92.2,555\n15,-93,\n").unwrap();
        assert_eq!(t.names, ["lat", "longitude", "telefono"]);
        assert_eq!(t.raw_names, ["Lat", "Longitude", "Teléfono"]);
        assert!(t.tags.iter().all(Option::is_some));
        assert_eq!(t.dropped, [false, false, true]);
        assert_eq!(t.dropped_columns(), ["Teléfono"]);
        // the HXL row is not a data row
        assert_eq!(t.data_rows, 2);
        let lines: Vec<u64> = t.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(
            t.find(&["y"], |tag| tag.base == "geo" && tag.has("lon")),
            Some(1)
        );
        assert_eq!(t.find(&["nothing", "lat"], |_| false), Some(0));
    }

    #[test]
    fn ragged_and_empty_rows_are_located_errors() {
        let t = read("id,lat,lon\n1,2\n,,\n3,4,5\n").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.data_rows, 3);
        let lines: Vec<Option<u64>> = t.errors.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert!(t.errors[0].message.contains("expected 3 fields"));
        assert_eq!(t.errors[1].message, "empty row");
    }

    #[test]
    fn empty_input_has_no_header() {
        let e = read("").err().expect("an empty file is rejected");
        assert_eq!(e.diagnostics()[0].message, "empty file: no header row");
    }

    #[test]
    fn kept_columns_are_matched_by_normalised_name() {
        let opts = ReadOptions {
            keep_columns: vec!["TELÉFONO ".into()],
            ..Default::default()
        };
        let t = Table::read("t.csv", "lat,lon,Teléfono\n".as_bytes(), &opts).unwrap();
        assert_eq!(t.dropped, [false, false, false]);
    }

    #[test]
    fn names_and_counts() {
        assert_eq!(
            normalise_name("  Número de Víctimas (total) "),
            "numero_de_victimas_total"
        );
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count(" 3.0 "), Ok(Some(3)));
        assert!(parse_count("-1").is_err());
        assert!(parse_count("2.5").is_err());
        assert!(parse_count("three").is_err());
    }
}
