//! `corridors.json`: named corridors (hub sequences from the literature) for
//! [`crate::routing::resolve_corridors`].

use std::io::Read;
use std::path::Path;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::Network;
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

/// Rewrites the hub references of every corridor to the ids of the hubs they name, so that
/// a corridors file may name its hubs as every command does ([`Network::resolve_hub`]: ids
/// in any case, names ignoring case and accents, `id:ID`, `name:NAME`) before
/// [`crate::routing::resolve_corridors`], which takes ids.
///
/// # Arguments
/// * `file`: a corridors file (e.g. from [`read_corridors`]).
/// * `net`: the network the corridors are resolved on.
///
/// # Complexity
/// One hash lookup per exact id, `O(n)` per other reference.
///
/// # Example
/// ```
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let text = r#"{"corridors": [{"id": "x", "name": "X", "hubs": [" A", "name:c"]}]}"#;
/// let mut file = corridors::io::corridors_json::read_corridors_from("inline", text.as_bytes())?;
/// corridors::io::corridors_json::canonical_hub_ids(&mut file, &net)?;
/// assert_eq!(file.corridors[0].hubs, ["a", "c"]);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] (`corridors`) naming the corridor and the reference that names
/// no hub (with "did you mean" suggestions) or several hubs.
pub fn canonical_hub_ids(file: &mut CorridorFile, net: &Network) -> Result<()> {
    for c in &mut file.corridors {
        for h in &mut c.hubs {
            let i = net
                .resolve_hub(h)
                .map_err(|e| Error::invalid("corridors", format!("corridor {:?}: {e}", c.id)))?;
            *h = net.hub(i).id.as_key();
        }
    }
    Ok(())
}
