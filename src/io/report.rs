//! Reader settings and what a reader returns.

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::io::dates::{DateDecision, DateFormat};
use crate::io::dialect::{Dialect, DialectOptions};

/// Options shared by the case readers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Turn any row error or warning into a failure ([`Error::Invalid`]).
    pub strict: bool,
    /// Column names to keep even though they look like personal data (names, phone,
    /// e-mail, document numbers). Everything else of that kind is dropped on read.
    pub keep_columns: Vec<String>,
    /// Encoding, delimiter and decimal mark of CSV files (default: sniffed, see
    /// [`crate::io::dialect`]).
    #[serde(default)]
    pub dialect: DialectOptions,
    /// How numeric day-month dates are read (default: decided per file, see
    /// [`crate::io::dates`]).
    #[serde(default)]
    pub date_format: DateFormat,
}

/// What a reader returns: the records, every rejected row, every kept row with a field left
/// empty, and the columns dropped as personal data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadReport<T> {
    /// Records read.
    pub records: Vec<T>,
    /// One diagnostic per rejected row (file, line, column, reason).
    pub errors: Vec<Diagnostic>,
    /// Problems of kept records: a value that could not be read (date, count …) is left
    /// empty and named here (file, line, column, value). Also file-level notes such as
    /// characters that could not be decoded.
    #[serde(default)]
    pub warnings: Vec<Diagnostic>,
    /// Columns dropped because they look like personal data.
    pub dropped_columns: Vec<String>,
    /// Number of data rows in the input (records + rejected rows).
    pub rows: usize,
    /// How a CSV file was decoded and split (`None` for other formats).
    #[serde(default)]
    pub dialect: Option<Dialect>,
    /// How the day-month order of the date column was decided (`None` without a date
    /// column).
    #[serde(default)]
    pub date_order: Option<DateDecision>,
}

impl<T> ReadReport<T> {
    /// In strict mode, turns row errors and warnings into [`Error::Invalid`].
    pub(crate) fn finish(self, opts: &ReadOptions) -> Result<Self> {
        if opts.strict && !(self.errors.is_empty() && self.warnings.is_empty()) {
            let mut all = self.errors;
            all.extend(self.warnings);
            all.sort_by_key(|d| d.location.line);
            Err(Error::Invalid(all))
        } else {
            Ok(self)
        }
    }
}
