//! `corridors.json`: named corridors (hub sequences from the literature) for
//! [`crate::routing::resolve_corridors`].

use std::io::Read;
use std::path::Path;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::routing::CorridorFile;

/// Reads a corridors file.
///
/// # Arguments
/// * `path`: a JSON file `{"note": "…", "corridors": [{"id", "name", "hubs", …}]}`.
///
/// # Returns
/// The file's content; resolve it with [`crate::routing::resolve_corridors`].
///
/// # Example
/// ```
/// let file = corridors::io::corridors_json::read_corridors("data/mexico/corridors.json")?;
/// assert!(!file.corridors.is_empty());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Invalid`] if it is not a valid
/// corridors file (the message names the file, line and problem).
pub fn read_corridors(path: impl AsRef<Path>) -> Result<CorridorFile> {
    let (label, file) = crate::io::open(path.as_ref())?;
    read_corridors_from(&label, file)
}

/// Reads a corridors file from any reader; `label` names it in messages.
///
/// # Example
/// ```
/// let text = r#"{"corridors": [{"id": "x", "name": "X", "hubs": ["a", "b"]}]}"#;
/// let file = corridors::io::corridors_json::read_corridors_from("inline", text.as_bytes())?;
/// assert_eq!(file.corridors[0].hubs, ["a", "b"]);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_corridors`].
pub fn read_corridors_from(label: &str, reader: impl Read) -> Result<CorridorFile> {
    let text = crate::io::read_text(label, reader)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidJson,
            SourceLocation::line(label, e.line() as u64),
            format!("not a corridors file: {e}"),
        )])
    })
}
