//! The lenient CSV table shared by the case readers: header, optional HXL row, rows with
//! their line numbers, personal-data columns marked for dropping.

use std::io::Read;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use csv::StringRecord;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::ReadOptions;
use crate::io::dialect::{Dialect, SniffedReader, sniff_stream};
use crate::io::hxl::{HxlTag, is_hxl_row};

use super::personal_data::looks_personal;

/// The head of a CSV table: header, optional HXL row, personal-data columns marked for
/// dropping, and how the bytes are decoded and split.
pub(crate) struct Head {
    /// Shared by every row's location.
    pub label: Arc<str>,
    /// Header cells as written.
    pub raw_names: Vec<String>,
    /// Header cells normalised (lower case, non-alphanumerics → `_`).
    pub names: Vec<String>,
    pub tags: Vec<Option<HxlTag>>,
    /// Whether each column is dropped as personal data.
    pub dropped: Vec<bool>,
    /// How the bytes are decoded and split (the encoding as decided from the head; the
    /// final one, possibly `Mixed`, is [`Rows::dialect`] at the end).
    pub dialect: Dialect,
}

/// One data row of a [`Rows`] stream.
pub(crate) enum RawRow<'a> {
    /// A row with its one-based line and its cells (any number of them).
    Cells(u64, &'a StringRecord),
    /// A row that could not be read at all (or has only empty cells).
    Bad(Diagnostic),
    /// The input failed (not a problem of the data): the stream ends here.
    Failed(Error),
}

/// The data rows of a table, read one at a time: memory is one row plus the decoder's and
/// the CSV parser's buffers, whatever the number of rows.
pub(crate) struct Rows<R: Read> {
    rdr: csv::Reader<SniffedReader<R>>,
    rec: StringRecord,
    /// The first data row, already read while looking for an HXL row.
    pending: Option<std::result::Result<(), Diagnostic>>,
    label: Arc<str>,
    dialect: Dialect,
    /// Data rows so far (kept, empty and unreadable rows; not the header or HXL row).
    pub data_rows: usize,
}

/// A CSV table read leniently and held whole: the head, the rows with their line numbers,
/// and the errors of rows that could not be read at all. Rows with more or fewer fields than
/// the header are kept (readers warn and read the cells by position, so the id survives).
pub(crate) struct Table {
    pub head: Head,
    pub rows: Vec<(u64, StringRecord)>,
    pub errors: Vec<Diagnostic>,
    /// File-level warnings (characters that could not be decoded).
    pub warnings: Vec<Diagnostic>,
    pub data_rows: usize,
}

impl Deref for Table {
    type Target = Head;

    fn deref(&self) -> &Head {
        &self.head
    }
}

impl DerefMut for Table {
    fn deref_mut(&mut self) -> &mut Head {
        &mut self.head
    }
}

/// Normalises a column name: lower case, runs of non-alphanumerics → `_`.
pub(crate) fn normalise_name(s: &str) -> String {
    crate::io::aliases::normalise_header(s)
}

fn unreadable(label: &str, e: &csv::Error, what: &str) -> Diagnostic {
    Diagnostic::error(
        ProblemKind::InvalidProperty,
        SourceLocation::line(label, e.position().map_or(0, |p| p.line())),
        format!("unreadable {what}: {e}"),
    )
}

/// Opens a table: decodes and sniffs the stream (see [`crate::io::dialect`]), reads the
/// header and, when the first row after it is one, the HXL hashtag row.
pub(crate) fn open_table<R: Read>(
    label: &str,
    reader: R,
    opts: &ReadOptions,
) -> Result<(Head, Rows<R>)> {
    // decoded to UTF-8 (BOM dropped, CR/CRLF read as LF so line numbers count lines)
    let (text, dialect) =
        sniff_stream(reader, &opts.dialect).map_err(|e| Error::io(label.to_string(), e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter.byte())
        .buffer_capacity(256 * 1024)
        .from_reader(text);
    let mut rec = StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => {
            return Err(Error::Invalid(vec![Diagnostic::error(
                ProblemKind::InvalidProperty,
                SourceLocation::file(label),
                "empty file: no header row",
            )]));
        }
        Err(e) => {
            return Err(Error::Invalid(vec![Diagnostic::error(
                ProblemKind::InvalidProperty,
                SourceLocation::line(label, e.position().map_or(1, |p| p.line())),
                format!("unreadable header row: {e}"),
            )]));
        }
    }
    let raw_names: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
    let mut tags: Vec<Option<HxlTag>> = vec![None; raw_names.len()];
    let names: Vec<String> = raw_names.iter().map(|s| normalise_name(s)).collect();
    if is_hxl_row(&raw_names) {
        // hashtags only, no text header
        tags = raw_names.iter().map(|c| HxlTag::parse(c)).collect();
    }
    let pending = match rdr.read_record(&mut rec) {
        Ok(false) => None,
        Ok(true) => {
            let cells: Vec<&str> = rec.iter().collect();
            if tags.iter().all(Option::is_none) && is_hxl_row(&cells) {
                tags = cells.iter().map(|c| HxlTag::parse(c)).collect();
                tags.resize(raw_names.len(), None);
                None
            } else {
                Some(Ok(()))
            }
        }
        Err(e) => Some(Err(unreadable(label, &e, "row"))),
    };
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
    let head = Head {
        label: Arc::from(label),
        raw_names,
        names,
        tags,
        dropped,
        dialect,
    };
    let rows = Rows {
        rdr,
        rec,
        pending,
        label: Arc::from(label),
        dialect,
        data_rows: 0,
    };
    Ok((head, rows))
}

impl<R: Read> Rows<R> {
    /// The next data row, `None` at the end.
    pub fn next_row(&mut self) -> Option<RawRow<'_>> {
        let got = match self.pending.take() {
            Some(r) => r,
            None => match self.rdr.read_record(&mut self.rec) {
                Ok(false) => return None,
                Ok(true) => Ok(()),
                Err(e) if e.is_io_error() => {
                    let msg = e.to_string();
                    let err = match e.into_kind() {
                        csv::ErrorKind::Io(io) => io,
                        _ => std::io::Error::other(msg), // invariant: is_io_error() checked
                    };
                    return Some(RawRow::Failed(Error::io(self.label.to_string(), err)));
                }
                Err(e) => Err(unreadable(&self.label, &e, "row")),
            },
        };
        self.data_rows += 1;
        match got {
            Err(d) => Some(RawRow::Bad(d)),
            Ok(()) => {
                let line = self.rec.position().map_or(0, |p| p.line());
                if self.rec.iter().all(|c| c.trim().is_empty()) {
                    return Some(RawRow::Bad(Diagnostic::error(
                        ProblemKind::InvalidProperty,
                        SourceLocation::line(self.label.clone(), line),
                        "empty row",
                    )));
                }
                Some(RawRow::Cells(line, &self.rec))
            }
        }
    }

    /// How the stream was read: final once it has been read to the end (the encoding may
    /// then be `Mixed`).
    pub fn dialect(&self) -> Dialect {
        Dialect {
            encoding: self.rdr.get_ref().encoding(),
            ..self.dialect
        }
    }

    /// File-level warnings, complete once the stream has been read to the end.
    pub fn file_warnings(&self) -> Vec<Diagnostic> {
        let r = self.rdr.get_ref();
        if r.replaced() {
            vec![Diagnostic::warning(
                ProblemKind::InvalidProperty,
                SourceLocation::file(self.label.clone()),
                format!(
                    "read as {}: some bytes could not be decoded and were replaced by U+FFFD",
                    r.encoding()
                ),
            )]
        } else {
            Vec::new()
        }
    }

    /// The underlying reader (for a second pass).
    pub fn into_inner(self) -> R {
        self.rdr.into_inner().into_inner()
    }
}

impl Table {
    pub fn read(label: &str, reader: impl Read, opts: &ReadOptions) -> Result<Table> {
        let (mut head, mut stream) = open_table(label, reader, opts)?;
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        while let Some(r) = stream.next_row() {
            match r {
                RawRow::Cells(line, rec) => rows.push((line, rec.clone())),
                RawRow::Bad(d) => errors.push(d),
                RawRow::Failed(e) => return Err(e),
            }
        }
        head.dialect = stream.dialect();
        Ok(Table {
            head,
            rows,
            errors,
            warnings: stream.file_warnings(),
            data_rows: stream.data_rows,
        })
    }
}

impl Head {
    pub fn dropped_columns(&self) -> Vec<String> {
        self.raw_names
            .iter()
            .zip(&self.dropped)
            .filter(|(_, d)| **d)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// The warning of a row whose number of fields differs from the header's, if it does.
    pub fn ragged(&self, line: u64, cells: &StringRecord) -> Option<Diagnostic> {
        (cells.len() != self.raw_names.len()).then(|| {
            Diagnostic::warning(
                ProblemKind::InvalidProperty,
                SourceLocation::line(self.label.clone(), line),
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
        let mut loc = SourceLocation::line(self.label.clone(), line);
        if let Some(c) = col {
            loc = loc.with_field(self.raw_names[c].clone());
        }
        Diagnostic::error(kind, loc, msg)
    }
}

/// The trimmed cell of column `c` (empty when the column is absent or the row is short).
pub(crate) fn cell(cells: &StringRecord, c: Option<usize>) -> &str {
    c.and_then(|c| cells.get(c)).map_or("", str::trim)
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
            &b"Folio;Latitud;Longitud\r\nA;14,9;-92,2\r\nB;15;-93\r\n"[..],
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
            &b"lat;lon;Observaci\xf3n\n"[..],
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
