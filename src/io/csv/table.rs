//! The lenient CSV table shared by the case readers: header, optional HXL row, rows with
//! their line numbers, personal-data columns marked for dropping.

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::ReadOptions;
use crate::io::dialect::{Dialect, sniff};
use crate::io::hxl::{HxlTag, is_hxl_row};

use super::personal_data::looks_personal;

/// A CSV table read leniently: header, optional HXL row, rows with their line numbers, and
/// the errors of rows that could not be read at all. Rows with more or fewer fields than the
/// header are kept (readers warn and read the cells by position, so the id survives).
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
    /// File-level warnings (characters that could not be decoded).
    pub warnings: Vec<Diagnostic>,
    pub data_rows: usize,
    /// How the bytes were decoded and split.
    pub dialect: Dialect,
}

/// Normalises a column name: lower case, runs of non-alphanumerics become `_`.
pub(crate) fn normalise_name(s: &str) -> String {
    crate::io::aliases::normalise_header(s)
}

impl Table {
    pub fn read(label: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
        // decoded to UTF-8 (BOM dropped, CR/CRLF read as LF so line numbers count lines)
        let (text, dialect) = sniff(bytes, &opts.dialect);
        let mut warnings = Vec::new();
        if text.replaced {
            warnings.push(Diagnostic::warning(
                ProblemKind::InvalidProperty,
                SourceLocation::file(label),
                format!(
                    "read as {}: some bytes could not be decoded and were replaced by U+FFFD",
                    text.encoding
                ),
            ));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter.byte())
            .from_reader(text.text.as_bytes());
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
            warnings,
            data_rows,
            dialect,
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

    /// The warning of a row whose number of fields differs from the header's, if it does.
    pub fn ragged(&self, line: u64, cells: &[String]) -> Option<Diagnostic> {
        (cells.len() != self.raw_names.len()).then(|| {
            Diagnostic::warning(
                ProblemKind::InvalidProperty,
                SourceLocation::line(&self.label, line),
                format!(
                    "expected {} fields as in the header, found {}; cells read by position",
                    self.raw_names.len(),
                    cells.len()
                ),
            )
        })
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

/// The trimmed cell of column `c` (empty when the column is absent or the row is short).
pub(crate) fn cell(cells: &[String], c: Option<usize>) -> &str {
    c.and_then(|c| cells.get(c)).map_or("", |s| s.trim())
}

/// Parses an optional non-negative integer count (`"3"`, `"3.0"`; empty → `None`).
pub(crate) fn parse_count(s: &str) -> std::result::Result<Option<u32>, String> {
    parse_count_in(s, false)
}

/// [`parse_count`] with a decimal comma when `decimal_comma` (`"3,0"`).
pub(crate) fn parse_count_in(
    s: &str,
    decimal_comma: bool,
) -> std::result::Result<Option<u32>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let v = crate::io::dialect::parse_number(t, decimal_comma)?;
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
    fn ragged_rows_are_kept_and_empty_rows_are_located_errors() {
        let t = read("id,lat,lon\n1,2\n,,\n3,4,5\n").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.data_rows, 3);
        let lines: Vec<Option<u64>> = t.errors.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [Some(3)]);
        assert_eq!(t.errors[0].message, "empty row");
        let w = t.ragged(t.rows[0].0, &t.rows[0].1).unwrap();
        assert_eq!(w.location.line, Some(2));
        assert!(w.message.contains("expected 3 fields"), "{}", w.message);
        assert!(t.ragged(t.rows[1].0, &t.rows[1].1).is_none());
        assert_eq!(cell(&t.rows[0].1, Some(2)), "");
    }

    #[test]
    fn crlf_semicolons_and_windows_1252() {
        let t = Table::read(
            "t.csv",
            b"Folio;Latitud;Longitud\r\nA;14,9;-92,2\r\nB;15;-93\r\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(
            t.dialect.delimiter,
            crate::io::dialect::Delimiter::Semicolon
        );
        assert!(t.dialect.decimal_comma);
        let lines: Vec<u64> = t.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3]);
        let t = read("lat,lon,n\n1,2,3\n").unwrap();
        assert_eq!(t.dialect.delimiter, crate::io::dialect::Delimiter::Comma);
        let t = Table::read(
            "t.csv",
            b"lat;lon;Observaci\xf3n\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.raw_names[2], "Observación");
        assert_eq!(
            t.dialect.encoding,
            crate::io::dialect::TextEncoding::Windows1252
        );
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
        assert_eq!(parse_count_in("3,0", true), Ok(Some(3)));
        assert!(parse_count_in("NaN", true).is_err());
    }
}
