//! GeoNames extracts (`geonameid,name,country,admin1,lat,lon,population`, as
//! `data/geonames/places.csv`) read into [`GeoNamesPlace`]s for a
//! [`Gazetteer`](crate::cases::Gazetteer).

use std::io::Read;
use std::path::Path;

use geo::Point;

use crate::cases::GeoNamesPlace;
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};

/// Reads a GeoNames extract file.
///
/// ```
/// use corridors::cases::Gazetteer;
/// let places = corridors::io::csv::read_geonames("data/geonames/places.csv")?;
/// assert!(places.iter().any(|p| p.name == "Chiquimula"));
/// let gaz = Gazetteer::new(&corridors::fixtures::triangle()).with_places(places);
/// # let _ = gaz;
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened; as [`read_geonames_from`].
pub fn read_geonames(path: impl AsRef<Path>) -> Result<Vec<GeoNamesPlace>> {
    let (label, file) = crate::io::open(path.as_ref())?;
    read_geonames_from(&label, file)
}

/// Reads a GeoNames extract from any reader; `label` names it in diagnostics.
///
/// ```
/// let csv = "geonameid,name,country,admin1,lat,lon,population\n3530103,Tapachula,MX,05,14.9,-92.26,202672\n";
/// let p = corridors::io::csv::read_geonames_from("inline", csv.as_bytes())?;
/// assert_eq!((p[0].geonameid, p[0].country.as_str()), (3530103, "MX"));
/// assert!(corridors::io::csv::read_geonames_from("bad", "h\nx,y\n".as_bytes()).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] listing every row that cannot be read (bad id or coordinate).
pub fn read_geonames_from(label: &str, reader: impl Read) -> Result<Vec<GeoNamesPlace>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(reader);
    let mut places = Vec::new();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let parsed = rec.map_err(|e| e.to_string()).and_then(|r| {
            let line = r.position().map_or(0, |p| p.line());
            let f = |i: usize| r.get(i).unwrap_or("").trim().to_string();
            let num = |i: usize| {
                f(i).parse::<f64>()
                    .map_err(|_| format!("line {line}: bad number {:?}", f(i)))
            };
            Ok(GeoNamesPlace {
                geonameid: f(0)
                    .parse()
                    .map_err(|_| format!("line {line}: bad geonameid"))?,
                name: f(1),
                country: f(2),
                location: Point::new(num(5)?, num(4)?),
                population: f(6).parse().unwrap_or(0),
            })
        });
        match parsed {
            Ok(p) => places.push(p),
            Err(e) => errors.push(Diagnostic::error(
                ProblemKind::InvalidProperty,
                SourceLocation::file(label),
                e,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(places)
}
