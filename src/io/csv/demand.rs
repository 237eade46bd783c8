//! Origin–destination demand tables (layout in [`crate::io::csv`]).

use std::io::Read;
use std::path::Path;

use crate::demand::OdDemand;
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::{open, read_text};
use crate::network::Network;

/// Reads a demand table for `net` from a CSV file.
///
/// Columns `origin,destination,demand`. Origins and destinations are hub references
/// ([`Network::resolve_hubs`]: ids, names ignoring case and accents, `kind:KIND`,
/// `country:CC`, `id:`/`name:`); a reference naming several hubs gives the row's demand to
/// every pair it names (pairs of a hub with itself are dropped).
///
/// ```
/// let net = corridors::fixtures::path(&["tapachula", "tijuana"]);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("demand.csv");
/// std::fs::write(&path, "origin,destination,demand\ntapachula,tijuana,12.5\n").unwrap();
/// let d = corridors::io::csv::read_demand(&path, &net)?;
/// assert_eq!(d.total(), 12.5);
/// std::fs::write(&path, "origin,destination,demand\nTAPACHULA, name:tijuana ,2\n").unwrap();
/// assert_eq!(corridors::io::csv::read_demand(&path, &net)?.total(), 2.0);
/// std::fs::write(&path, "origin,destination,demand\ntapachula,atlantis,1\n").unwrap();
/// let err = corridors::io::csv::read_demand(&path, &net).unwrap_err();
/// assert!(err.to_string().contains("atlantis"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Invalid`] listing every bad row
/// (file, line, column, reason; unknown hub ids are named).
pub fn read_demand(path: impl AsRef<Path>, net: &Network) -> Result<OdDemand> {
    let (label, file) = open(path.as_ref())?;
    read_demand_from(&label, file, net)
}

/// Reads a demand table for `net` from any reader; `label` names the source in errors.
/// See [`read_demand`].
///
/// ```
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let err = corridors::io::csv::read_demand_from("d.csv", "origin,destination,demand\na,b,-1\n".as_bytes(), &net)
///     .unwrap_err();
/// assert_eq!(err.to_string(), "error: d.csv: line 2 [demand]: demand must be a finite number ≥ 0, got \"-1\"");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_demand`]; [`Error::Io`] naming `label` when the reader fails or the text is not
/// UTF-8.
pub fn read_demand_from(label: &str, reader: impl Read, net: &Network) -> Result<OdDemand> {
    let text = read_text(label, reader)?;
    let mut rdr = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut diags = Vec::new();
    let bad = |line: u64, field: &str, msg: String| {
        Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::line(label, line).with_field(field),
            msg,
        )
    };
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(Error::Invalid(vec![bad(1, "header", e.to_string())])),
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(ci), Some(cj), Some(cd)) = (col("origin"), col("destination"), col("demand")) else {
        return Err(Error::Invalid(vec![bad(
            1,
            "header",
            format!(
                "expected columns origin,destination,demand, found {}",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        )]));
    };
    let mut pairs = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                diags.push(bad(line, "row", e.to_string()));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        // every hub-reference form of `Network::resolve_hubs`; a reference naming several
        // hubs (a kind, a country, a shared name) gives the row's demand to each pair
        let mut hub = |c: usize, field: &str| {
            let id = rec.get(c).unwrap_or("");
            match net.resolve_hubs(id) {
                Ok(found) => Some(found),
                Err(e) => {
                    let msg = match e {
                        Error::UnknownHub { .. } => e.to_string(),
                        e => format!("{id:?}: {e}"),
                    };
                    diags.push(Diagnostic::error(
                        ProblemKind::UnknownHub,
                        SourceLocation::line(label, line)
                            .with_field(field)
                            .with_id(id),
                        msg,
                    ));
                    None
                }
            }
        };
        let (s, t) = (hub(ci, "origin"), hub(cj, "destination"));
        let raw = rec.get(cd).unwrap_or("");
        let d = raw
            .parse::<f64>()
            .ok()
            .filter(|d| d.is_finite() && *d >= 0.0);
        if d.is_none() {
            diags.push(bad(
                line,
                "demand",
                format!("demand must be a finite number ≥ 0, got {raw:?}"),
            ));
        }
        if let (Some(s), Some(t), Some(d)) = (s, t, d) {
            for &a in &s {
                pairs.extend(t.iter().map(|&b| (a, b, d)));
            }
        }
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    OdDemand::from_pairs(net, pairs)
}
