//! Origin–destination demand tables (CSV).
//!
//! Schema: a header row with `origin`, `destination` and `demand` (any order, extra columns
//! ignored), then one row per pair. `origin` and `destination` are hub ids of the network;
//! `demand` is a finite number ≥ 0.

use std::path::Path;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::Network;
use crate::planning::OdPair;

/// Reads a demand table for `net`; every bad row is reported (file, line, column, reason).
///
/// ```
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("tapachula", HubKind::Entry, -92.26, 14.9));
/// b.add_hub(Hub::new("tijuana", HubKind::BorderCrossing, -117.0, 32.5));
/// b.add_segment(SegmentSpec::between("t", "tapachula", "tijuana"));
/// let (net, _) = b.build()?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("demand.csv");
/// std::fs::write(&path, "origin,destination,demand\ntapachula,tijuana,12.5\n").unwrap();
/// let d = corridors::io::demand::read_demand_csv(&path, &net)?;
/// assert_eq!(d[0].demand, 12.5);
/// std::fs::write(&path, "origin,destination,demand\ntapachula,atlantis,1\n").unwrap();
/// let err = corridors::io::demand::read_demand_csv(&path, &net).unwrap_err();
/// assert!(err.to_string().contains("atlantis") && err.to_string().contains("line 2"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Invalid`] listing every bad row.
pub fn read_demand_csv(path: impl AsRef<Path>, net: &Network) -> Result<Vec<OdPair>> {
    let path = path.as_ref();
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&label, e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let bad = |line: u64, field: &str, msg: String| {
        Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::line(&label, line).with_field(field),
            msg,
        )
    };
    let headers = rdr
        .headers()
        .map_err(|e| Error::Invalid(vec![bad(1, "header", e.to_string())]))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(co), Some(cd), Some(cv)) = (col("origin"), col("destination"), col("demand")) else {
        return Err(Error::Invalid(vec![bad(
            1,
            "header",
            "expected columns origin,destination,demand".into(),
        )]));
    };
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (k, rec) in rdr.records().enumerate() {
        let line = k as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diags.push(bad(line, "row", e.to_string()));
                continue;
            }
        };
        let hub = |c: usize, field: &str, diags: &mut Vec<Diagnostic>| {
            let id = rec.get(c).unwrap_or("");
            let i = net.hub_index(id);
            if i.is_none() {
                diags.push(Diagnostic::error(
                    ProblemKind::UnknownHub,
                    SourceLocation::line(&label, line)
                        .with_field(field)
                        .with_id(id),
                    format!("unknown hub id {id:?}"),
                ));
            }
            i
        };
        let o = hub(co, "origin", &mut diags);
        let d = hub(cd, "destination", &mut diags);
        let raw = rec.get(cv).unwrap_or("");
        let v = raw
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0);
        if v.is_none() {
            diags.push(bad(
                line,
                "demand",
                format!("demand must be a finite number ≥ 0, got {raw:?}"),
            ));
        }
        if let (Some(o), Some(d), Some(v)) = (o, d, v) {
            out.push(OdPair::new(o, d, v));
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(diags))
    }
}
