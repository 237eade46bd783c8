//! Reader settings and what a reader returns.

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};

/// Options shared by the case readers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Turn any row error into a failure ([`Error::Invalid`]).
    pub strict: bool,
    /// Column names to keep even though they look like personal data (names, phone,
    /// e-mail, document numbers). Everything else of that kind is dropped on read.
    pub keep_columns: Vec<String>,
}

/// What a reader returns: the records, every row error, and the columns dropped as
/// personal data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadReport<T> {
    /// Records read.
    pub records: Vec<T>,
    /// One diagnostic per rejected row or value (file, line, column, reason).
    pub errors: Vec<Diagnostic>,
    /// Columns dropped because they look like personal data.
    pub dropped_columns: Vec<String>,
    /// Number of data rows in the input (records + rejected rows).
    pub rows: usize,
}

impl<T> ReadReport<T> {
    /// In strict mode, turns row errors into [`Error::Invalid`].
    pub(crate) fn finish(self, opts: &ReadOptions) -> Result<Self> {
        if opts.strict && !self.errors.is_empty() {
            Err(Error::Invalid(self.errors))
        } else {
            Ok(self)
        }
    }
}
