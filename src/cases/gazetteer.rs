//! Stop names and points resolved to hubs of a network.
//!
//! Stop resolution, in order: a hub id; a GeoNames id (digits) matching a hub's `geonameid`
//! property; a hub name (case- and accent-insensitive); any other reference naming one hub
//! ([`Network::resolve_hub`]: an id ignoring case, `id:ID`, `name:NAME`); a GeoNames place
//! added with [`Gazetteer::with_places`] (same name, country when given, largest population first; the
//! state is not used, since the extract has only admin1 codes) snapped to the nearest hub; a
//! point snapped to the nearest hub. The method is reported per stop ([`Resolution`]). The
//! gazetteer reads no file: [`crate::io::csv::read_geonames`] reads the extract.

use std::collections::HashMap;

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

use crate::cases::StopPlace;
use crate::network::Network;

/// How a stop was resolved to a hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Resolution {
    /// The stop named a hub id.
    HubId,
    /// The stop named a GeoNames id that a hub carries as `geonameid`.
    HubGeonameId,
    /// The stop named a hub by its name (case- and accent-insensitive).
    HubName,
    /// The stop named a GeoNames place that is not a hub; the nearest hub was taken.
    GeoNames {
        /// The GeoNames id of the place.
        geonameid: u64,
    },
    /// The stop was a point; the nearest hub was taken.
    NearestHub,
}

/// A stop resolved to a hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedStop {
    /// Hub index.
    pub hub: usize,
    /// How.
    pub resolution: Resolution,
    /// Haversine distance from the place to the hub, metres (0 for direct hub matches).
    pub distance_m: f64,
}

/// A place of a GeoNames extract (read with [`crate::io::csv::read_geonames`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoNamesPlace {
    /// GeoNames id.
    pub geonameid: u64,
    /// Place name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// WGS84 `[lon, lat]`.
    pub location: Point<f64>,
    /// Population (0 when unknown).
    pub population: u64,
}

/// Why a stop could not be resolved to a hub.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// The network has no hub to snap to.
    #[error("the network has no hubs")]
    NoHubs,
    /// The nearest hub is farther than the limit.
    #[error(
        "{what}: nearest hub {hub:?} is {:.0} km away (limit {:.0} km)",
        .distance_m / 1000.0,
        .limit_m / 1000.0
    )]
    TooFar {
        /// What was snapped (`point`, `GeoNames 123`, or the place name).
        what: String,
        /// Name of the nearest hub.
        hub: String,
        /// Distance to it, metres (haversine).
        distance_m: f64,
        /// The limit, metres.
        limit_m: f64,
    },
    /// A numeric stop that is neither a hub's `geonameid` nor a known GeoNames place.
    #[error("no hub or GeoNames place with id {0}")]
    UnknownGeonameId(u64),
    /// A name that is neither a hub nor a GeoNames place (in the country, when given).
    #[error(
        "no hub or GeoNames place named {name:?}{}{}",
        .country.as_ref().map(|c| format!(" in {c}")).unwrap_or_default(),
        if .suggestions.is_empty() { String::new() } else { format!("; did you mean {}?", .suggestions.join(", ")) }
    )]
    UnknownPlace {
        /// The name as given.
        name: String,
        /// Country code the search was limited to.
        country: Option<String>,
        /// Up to three hubs with a close name or id ("did you mean"), best first.
        suggestions: Vec<String>,
    },
}

/// Lower case, accents removed, runs of other characters collapsed to one space.
///
/// ```
/// assert_eq!(corridors::cases::gazetteer::normalise_place("  Cancún, Q.Roo "), "cancun q roo");
/// assert_eq!(corridors::cases::gazetteer::normalise_place("CIUDAD JUÁREZ"), "ciudad juarez");
/// ```
pub fn normalise_place(s: &str) -> String {
    crate::network::normalise_name(s)
}

fn country_code(s: &str) -> Option<String> {
    let n = normalise_place(s);
    if n.len() == 2 && n.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(n.to_ascii_uppercase());
    }
    let code = match n.as_str() {
        "mexico" => "MX",
        "guatemala" => "GT",
        "honduras" => "HN",
        "el salvador" => "SV",
        "nicaragua" => "NI",
        "belize" | "belice" => "BZ",
        "costa rica" => "CR",
        "panama" => "PA",
        "united states" | "united states of america" | "usa" | "estados unidos" => "US",
        "cuba" => "CU",
        "haiti" => "HT",
        "venezuela" => "VE",
        "colombia" => "CO",
        "ecuador" => "EC",
        _ => return None,
    };
    Some(code.into())
}

/// Resolves stop names and points to hubs of a network.
///
/// ```
/// use corridors::cases::{Gazetteer, Resolution, StopPlace};
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("tapachula", HubKind::Entry, -92.2589, 14.9054).with_name("Tapachula"));
/// b.add_hub(Hub::new("cancun", HubKind::TouristCentre, -86.8466, 21.1743).with_name("Cancún"));
/// b.add_segment(SegmentSpec::between("t-c", "tapachula", "cancun"));
/// let (net, _) = b.build().unwrap();
/// let g = Gazetteer::new(&net);
/// let place = |n: &str| StopPlace::Place { name: n.into(), state: None, country: None };
/// let r = g.resolve(&net, &place("CANCUN"), 50_000.0).unwrap();
/// assert_eq!((r.hub, r.resolution), (1, Resolution::HubName));
/// assert_eq!(g.resolve(&net, &place("id:TAPACHULA"), 50_000.0).unwrap().hub, 0);
/// let e = g.resolve(&net, &place("Tapachla"), 50_000.0).unwrap_err().to_string();
/// assert!(e.contains("did you mean tapachula"), "{e}");
/// assert!(g.resolve(&net, &place("Atlantis"), 50_000.0).is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    by_name: HashMap<String, Vec<usize>>,
    by_geonameid: HashMap<u64, usize>,
    places: HashMap<String, Vec<GeoNamesPlace>>,
    places_by_id: HashMap<u64, GeoNamesPlace>,
}

impl Gazetteer {
    /// A gazetteer of the network's hubs only.
    pub fn new(net: &Network) -> Self {
        let mut g = Gazetteer::default();
        for (i, h) in net.hubs().enumerate() {
            g.by_name
                .entry(normalise_place(&h.name))
                .or_default()
                .push(i);
            let gid = h.properties.get("geonameid").and_then(|v| {
                v.as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            });
            if let Some(gid) = gid {
                g.by_geonameid.entry(gid).or_insert(i);
            }
        }
        g
    }

    /// Adds GeoNames places (e.g. from [`crate::io::csv::read_geonames`]); a place
    /// name then resolves to the most populous place of that name (in the stop's country
    /// when given), snapped to the nearest hub.
    pub fn with_places(mut self, places: impl IntoIterator<Item = GeoNamesPlace>) -> Self {
        for p in places {
            self.places_by_id.insert(p.geonameid, p.clone());
            self.places
                .entry(normalise_place(&p.name))
                .or_default()
                .push(p);
        }
        for v in self.places.values_mut() {
            v.sort_by(|a, b| {
                b.population
                    .cmp(&a.population)
                    .then(a.geonameid.cmp(&b.geonameid))
            });
        }
        self
    }

    fn nearest_hub(net: &Network, p: Point<f64>) -> Option<(usize, f64)> {
        net.hubs()
            .enumerate()
            .map(|(i, h)| (i, Haversine.distance(p, h.location)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    }

    /// Resolves one stop; `max_hub_distance_m` bounds the distance from a point or GeoNames
    /// place to its nearest hub.
    ///
    /// # Errors
    /// A [`ResolveError`] saying why the stop could not be resolved.
    pub fn resolve(
        &self,
        net: &Network,
        place: &StopPlace,
        max_hub_distance_m: f64,
    ) -> std::result::Result<ResolvedStop, ResolveError> {
        let snap = |p: Point<f64>, resolution: Resolution, what: &str| {
            let (hub, d) = Self::nearest_hub(net, p).ok_or(ResolveError::NoHubs)?;
            if d > max_hub_distance_m {
                return Err(ResolveError::TooFar {
                    what: what.to_string(),
                    hub: net.hub(hub).name.clone(),
                    distance_m: d,
                    limit_m: max_hub_distance_m,
                });
            }
            Ok(ResolvedStop {
                hub,
                resolution,
                distance_m: d,
            })
        };
        let direct = |hub: usize, resolution: Resolution| {
            Ok(ResolvedStop {
                hub,
                resolution,
                distance_m: 0.0,
            })
        };
        match place {
            StopPlace::Point(p) => snap(*p, Resolution::NearestHub, "point"),
            StopPlace::Place { name, country, .. } => {
                let name = name.trim();
                if let Some(h) = net.hub_index(name) {
                    return direct(h, Resolution::HubId);
                }
                if let Ok(gid) = name.parse::<u64>() {
                    if let Some(&h) = self.by_geonameid.get(&gid) {
                        return direct(h, Resolution::HubGeonameId);
                    }
                    if let Some(p) = self.places_by_id.get(&gid) {
                        return snap(
                            p.location,
                            Resolution::GeoNames { geonameid: gid },
                            &format!("GeoNames {gid}"),
                        );
                    }
                    return Err(ResolveError::UnknownGeonameId(gid));
                }
                let key = normalise_place(name);
                if let Some(hs) = self.by_name.get(&key) {
                    return direct(hs[0], Resolution::HubName);
                }
                // the hub-reference forms every command accepts (an id in another case,
                // `id:`/`name:`); a reference naming several hubs is not one stop
                if let Ok(h) = net.resolve_hub(name) {
                    let by_name = name
                        .get(..5)
                        .is_some_and(|p| p.eq_ignore_ascii_case("name:"));
                    let how = if by_name {
                        Resolution::HubName
                    } else {
                        Resolution::HubId
                    };
                    return direct(h, how);
                }
                let cc = country.as_deref().and_then(country_code);
                let cand = self.places.get(&key).and_then(|v| {
                    v.iter()
                        .find(|p| cc.as_ref().is_none_or(|c| &p.country == c))
                });
                match cand {
                    Some(p) => snap(
                        p.location,
                        Resolution::GeoNames {
                            geonameid: p.geonameid,
                        },
                        name,
                    ),
                    None => Err(ResolveError::UnknownPlace {
                        name: name.to_string(),
                        country: cc,
                        suggestions: net.suggest(&key),
                    }),
                }
            }
        }
    }
}
