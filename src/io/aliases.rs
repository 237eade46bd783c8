//! Which column of a case table is which: the names and HXL hashtags of real exports, as data.
//!
//! A column is recognised first by its HXL hashtag (when the file has a hashtag row), then by
//! its header normalised with [`normalise_header`] (lower case, accents folded, runs of
//! anything else than letters and digits become `_`: `Total Number of Dead and Missing` →
//! `total_number_of_dead_and_missing`, `Año` → `ano`). Within a role, names are listed in
//! order of preference: the first one present wins.
//!
//! The tables cover the current IOM Missing Migrants export ([`IOM_MMP_EXPORT`]: `Main ID`,
//! `Incident Date`, `Coordinates`, …), the older HDX export with its hashtag row
//! ([`HDX_MMP_EXPORT`]: `web_id` / `#web+id`, `location_coodinates` / `#geo+coord`, …), HTCDS
//! and Spanish-language state and NGO tables (`folio`, `id_caso`, `fecha`, `latitud`, …).
//!
//! ```
//! use corridors::io::aliases::{find_column, normalise_header, ColumnRole};
//! let header = ["Main ID", "Incident Date", "Coordinates", "Total Number of Dead and Missing"];
//! let names: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
//! let tags = vec![None; names.len()];
//! assert_eq!(find_column(ColumnRole::Id, &names, &tags), Some(0));
//! assert_eq!(find_column(ColumnRole::Date, &names, &tags), Some(1));
//! assert_eq!(find_column(ColumnRole::Coordinates, &names, &tags), Some(2));
//! assert_eq!(find_column(ColumnRole::Count, &names, &tags), Some(3));
//! ```

use serde::{Deserialize, Serialize};

use crate::io::hxl::HxlTag;

/// What a column of a case table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// The case (incident, record) id.
    Id,
    /// The date of the case.
    Date,
    /// The year alone, when there is no date (a year period).
    Year,
    /// The month alone, beside a year (a month period).
    Month,
    /// Latitude.
    Latitude,
    /// Longitude.
    Longitude,
    /// One "lat, lon" cell.
    Coordinates,
    /// Number of victims (or dead and missing).
    Count,
    /// Route label.
    Route,
    /// The case an event belongs to, in a table of events (HTCDS `hte_CaseId`): many rows
    /// share it.
    CaseId,
    /// The kind of an event (HTCDS `hte_Type`: Recruitment, Transit, Exploitation).
    EventType,
    /// City or place name of an event.
    City,
    /// State or province of an event.
    State,
    /// Country of an event (name or ISO code).
    Country,
    /// The travel mode a case names (`road`, `rail`, …): its legs prefer that mode.
    TransportMode,
}

/// The names and hashtag rule of one role.
#[derive(Clone, Copy, Debug)]
pub struct RoleAliases {
    /// The role.
    pub role: ColumnRole,
    /// Normalised header names, in order of preference.
    pub names: &'static [&'static str],
    /// Whether an HXL hashtag marks a column of this role.
    pub tag: fn(&HxlTag) -> bool,
}

fn id_tag(t: &HxlTag) -> bool {
    matches!(t.base.as_str(), "event" | "case" | "web" | "incident") && t.has("id")
}

fn date_tag(t: &HxlTag) -> bool {
    t.base == "date" && !t.has("year") && !t.has("month")
}

fn year_tag(t: &HxlTag) -> bool {
    t.base == "date" && t.has("year")
}

fn month_tag(t: &HxlTag) -> bool {
    t.base == "date" && t.has("month")
}

fn lat_tag(t: &HxlTag) -> bool {
    t.base == "geo" && t.has("lat")
}

fn lon_tag(t: &HxlTag) -> bool {
    t.base == "geo" && (t.has("lon") || t.has("long"))
}

fn coord_tag(t: &HxlTag) -> bool {
    t.base == "geo" && t.has("coord")
}

fn count_tag(t: &HxlTag) -> bool {
    // `#affected+killed+missing` (IOM), `#affected+total` (HDX scraper)
    t.base == "affected" && ((t.has("killed") && t.has("missing")) || t.has("total"))
}

fn route_tag(t: &HxlTag) -> bool {
    t.base == "route" || (t.base == "geo" && t.has("route"))
}

fn case_id_tag(t: &HxlTag) -> bool {
    t.base == "case" && t.has("id")
}

fn event_type_tag(t: &HxlTag) -> bool {
    t.base == "event" && t.has("type")
}

fn city_tag(t: &HxlTag) -> bool {
    t.base == "adm2" || t.base == "loc"
}

fn state_tag(t: &HxlTag) -> bool {
    t.base == "adm1"
}

fn country_tag(t: &HxlTag) -> bool {
    t.base == "country"
}

fn transport_tag(t: &HxlTag) -> bool {
    t.base == "transport"
}

/// Every role with its names and hashtag rule: the one alias table of the case-point
/// readers (`io::csv::read_cases`, `read_mmp`). Each role starts with the names the readers
/// took before this table existed, in the same order, so files read then keep their columns.
pub const CASE_COLUMNS: &[RoleAliases] = &[
    RoleAliases {
        role: ColumnRole::Id,
        names: &[
            // the names read before this table, in their order
            "case_id",
            "incident_id",
            "id",
            "main_id",
            "event_id",
            "folio",
            "case_no",
            "caso",
            "no_caso",
            // IOM / HDX / HTCDS
            "web_id",
            "hte_caseid",
            "cas_caseid",
            "record_id",
            "case_number",
            "incident_number",
            // Spanish
            "id_caso",
            "caso_id",
            "id_incidente",
            "numero_de_caso",
            "num_caso",
            "no_de_caso",
            "numero_caso",
            "folio_caso",
            "expediente",
            "no_expediente",
            "numero_de_expediente",
        ],
        tag: id_tag,
    },
    RoleAliases {
        role: ColumnRole::Date,
        names: &[
            "date",
            "incident_date",
            "date_of_incident",
            "reported_date",
            "date_reported",
            "event_date",
            "fecha",
            "hte_date",
            "fecha_de_los_hechos",
            "fecha_hechos",
            "fecha_del_incidente",
            "fecha_incidente",
            "fecha_del_evento",
            "fecha_evento",
            "fecha_de_registro",
        ],
        tag: date_tag,
    },
    RoleAliases {
        role: ColumnRole::Year,
        names: &[
            "incident_year",
            "reported_year",
            "year",
            "ano",
            "anio",
            "ano_del_incidente",
        ],
        tag: year_tag,
    },
    RoleAliases {
        role: ColumnRole::Month,
        names: &[
            "incident_month",
            "reported_month",
            "month",
            "mes",
            "mes_del_incidente",
        ],
        tag: month_tag,
    },
    RoleAliases {
        role: ColumnRole::Latitude,
        names: &[
            "lat",
            "latitude",
            "latitud",
            "y",
            "hte_latitude",
            "location_latitude",
            "lat_dd",
            "latitud_dd",
        ],
        tag: lat_tag,
    },
    RoleAliases {
        role: ColumnRole::Longitude,
        names: &[
            "lon",
            "lng",
            "long",
            "longitude",
            "longitud",
            "x",
            "hte_longitude",
            "location_longitude",
            "lon_dd",
            "longitud_dd",
        ],
        tag: lon_tag,
    },
    RoleAliases {
        role: ColumnRole::Coordinates,
        names: &[
            "coordinates",
            "coords",
            "coordinate",
            "location_coodinates",
            "location_coordinates",
            "lat_lon",
            "latlon",
            "lat_long",
            "latlng",
            "geo",
            "coordenadas",
            "coordenadas_geograficas",
        ],
        tag: coord_tag,
    },
    RoleAliases {
        role: ColumnRole::Count,
        names: &[
            "count",
            "victims",
            "victimas",
            "number_of_victims",
            "total_dead_and_missing",
            "total_number_of_dead_and_missing",
            "numero_de_victimas",
            "num_victimas",
            "total_victimas",
            "total_de_victimas",
            // HTCDS case table
            "cas_numberofvictims",
            "cas_number_of_victims",
        ],
        tag: count_tag,
    },
    RoleAliases {
        role: ColumnRole::Route,
        names: &[
            "route",
            "migration_route",
            "corridor",
            "ruta",
            "ruta_migratoria",
            "corredor",
        ],
        tag: route_tag,
    },
];

/// The roles of a table of events (HTCDS `hte_` historic trafficking events, and Spanish
/// tables of the same shape) beyond those of [`CASE_COLUMNS`], which such tables share for
/// dates, coordinates and counts. Read by `io::csv::read_htcds`; each role starts with the
/// names that reader took before this table existed, in the same order.
pub const EVENT_COLUMNS: &[RoleAliases] = &[
    RoleAliases {
        role: ColumnRole::CaseId,
        names: &[
            "hte_caseid",
            "hte_case",
            "hte_case_id",
            "cas_id",
            "case_id",
            "caseid",
            "cas_casenumber",
            "case",
            // Spanish
            "id_caso",
            "caso_id",
            "folio_caso",
            "numero_de_caso",
            "no_caso",
            "caso",
        ],
        tag: case_id_tag,
    },
    RoleAliases {
        role: ColumnRole::EventType,
        names: &[
            "hte_type",
            "type",
            "event_type",
            "hte_eventtype",
            "tipo",
            "tipo_de_evento",
            "tipo_evento",
            "etapa",
        ],
        tag: event_type_tag,
    },
    RoleAliases {
        role: ColumnRole::City,
        names: &[
            "hte_city",
            "city",
            "place",
            "ciudad",
            "municipio",
            "localidad",
            "lugar",
        ],
        tag: city_tag,
    },
    RoleAliases {
        role: ColumnRole::State,
        names: &[
            "hte_state",
            "state",
            "province",
            "estado",
            "entidad",
            "entidad_federativa",
            "provincia",
            "departamento",
        ],
        tag: state_tag,
    },
    RoleAliases {
        role: ColumnRole::Country,
        names: &["hte_country", "country", "pais", "country_code", "iso2"],
        tag: country_tag,
    },
    RoleAliases {
        role: ColumnRole::TransportMode,
        names: &[
            "mode",
            "transport_mode",
            "hte_transportmode",
            "means_of_transport",
            "medio_de_transporte",
            "transporte",
        ],
        tag: transport_tag,
    },
];

/// The aliases of one role.
pub fn aliases(role: ColumnRole) -> &'static RoleAliases {
    // invariant: CASE_COLUMNS and EVENT_COLUMNS list every role (checked by a test)
    CASE_COLUMNS
        .iter()
        .chain(EVENT_COLUMNS)
        .find(|a| a.role == role)
        .unwrap_or(&CASE_COLUMNS[0])
}

/// Normalises a header: lower case, Latin accents folded, runs of other characters than
/// letters and digits become one `_`, trimmed of `_`; a byte-order mark is dropped.
/// (The same rule as the current CSV reader's column matching.)
///
/// ```
/// use corridors::io::aliases::normalise_header;
/// assert_eq!(normalise_header("Total Number of Dead and Missing"), "total_number_of_dead_and_missing");
/// assert_eq!(normalise_header("\u{feff} Número de víctimas "), "numero_de_victimas");
/// ```
pub fn normalise_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(crate::cases::types::fold_accent)
    {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The column of `role`: the first whose hashtag fits, else the first name of the role's
/// list present in `names` (normalised headers). `tags` is parallel to `names` (all `None`
/// without a hashtag row).
pub fn find_column(role: ColumnRole, names: &[String], tags: &[Option<HxlTag>]) -> Option<usize> {
    let a = aliases(role);
    if let Some(i) = tags
        .iter()
        .position(|t| t.as_ref().is_some_and(|t| (a.tag)(t)))
    {
        return Some(i);
    }
    a.names
        .iter()
        .find_map(|n| names.iter().position(|c| c == n))
}

/// The header row of the current IOM Missing Migrants export (downloaded from the project
/// site), with the role each column plays when the whole row is present. SYNTHETIC fixtures and tests are built from it.
pub const IOM_MMP_EXPORT: &[(&str, Option<ColumnRole>)] = &[
    // both are id aliases; `incident_id` comes first in the preference order (as in the
    // earlier reader), so it is the one taken when both are present
    ("Main ID", None),
    ("Incident ID", Some(ColumnRole::Id)),
    ("Incident Type", None),
    ("Region of Incident", None),
    ("Incident Date", Some(ColumnRole::Date)),
    ("Incident Year", Some(ColumnRole::Year)),
    ("Reported Month", Some(ColumnRole::Month)),
    ("Number of Dead", None),
    ("Minimum Estimated Number of Missing", None),
    ("Total Number of Dead and Missing", Some(ColumnRole::Count)),
    ("Number of Survivors", None),
    ("Number of Females", None),
    ("Number of Males", None),
    ("Number of Children", None),
    ("Country of Origin", None),
    ("Region of Origin", None),
    ("Cause of Death", None),
    ("Country of Incident", None),
    ("Migration Route", Some(ColumnRole::Route)),
    ("Location of Incident", None),
    ("Coordinates", Some(ColumnRole::Coordinates)),
    ("UNSD Geographical Grouping", None),
    ("Information Source", None),
    ("URL", None),
    ("Source Quality", None),
];

/// The older HDX export of Missing Migrants data: header, hashtag and role.
pub const HDX_MMP_EXPORT: &[(&str, &str, Option<ColumnRole>)] = &[
    ("web_id", "#web+id", Some(ColumnRole::Id)),
    ("region_incident", "#region+incident", None),
    ("reported_date", "#date+reported", Some(ColumnRole::Date)),
    ("reported_year", "#date+year", Some(ColumnRole::Year)),
    ("reported_month", "#date+month", Some(ColumnRole::Month)),
    ("number_dead", "#affected+killed", None),
    ("number_missing", "#affected+missing", None),
    (
        "total_dead_and_missing",
        "#affected+total",
        Some(ColumnRole::Count),
    ),
    ("number_survivors", "#affected+survivors", None),
    ("cause_death", "#cause+type", None),
    ("country_of_incident", "#country+event", None),
    ("location_description", "#loc+description", None),
    (
        "location_coodinates",
        "#geo+coord",
        Some(ColumnRole::Coordinates),
    ),
    (
        "migration_route",
        "#route+description",
        Some(ColumnRole::Route),
    ),
    ("information_source", "#meta+source", None),
    ("url", "#meta+url", None),
    ("source_quality", "#meta+source+quality", None),
];

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [ColumnRole; 14] = [
        ColumnRole::Id,
        ColumnRole::Date,
        ColumnRole::Year,
        ColumnRole::Month,
        ColumnRole::Latitude,
        ColumnRole::Longitude,
        ColumnRole::Coordinates,
        ColumnRole::Count,
        ColumnRole::Route,
        ColumnRole::CaseId,
        ColumnRole::EventType,
        ColumnRole::City,
        ColumnRole::State,
        ColumnRole::Country,
    ];

    fn names(header: &[&str]) -> Vec<String> {
        header.iter().map(|h| normalise_header(h)).collect()
    }

    #[test]
    fn every_role_has_one_entry_and_names_are_normalised() {
        for r in ROLES {
            assert_eq!(
                CASE_COLUMNS
                    .iter()
                    .chain(EVENT_COLUMNS)
                    .filter(|a| a.role == r)
                    .count(),
                1,
                "{r:?}"
            );
            assert_eq!(aliases(r).role, r);
        }
        // within a table a name has one role
        for table in [CASE_COLUMNS, EVENT_COLUMNS] {
            let mut seen = std::collections::HashSet::new();
            for a in table {
                for n in a.names {
                    assert_eq!(normalise_header(n), *n, "{n} is not normalised");
                    assert!(seen.insert(*n), "{n} is listed twice");
                }
            }
        }
    }

    #[test]
    fn current_iom_export_columns_are_recognised() {
        let header: Vec<&str> = IOM_MMP_EXPORT.iter().map(|(h, _)| *h).collect();
        let n = names(&header);
        let tags = vec![None; n.len()];
        for (i, (h, role)) in IOM_MMP_EXPORT.iter().enumerate() {
            if let Some(r) = role {
                assert_eq!(find_column(*r, &n, &tags), Some(i), "{h}");
            }
        }
        // no separate lat/lon columns in this export
        assert_eq!(find_column(ColumnRole::Latitude, &n, &tags), None);
        assert_eq!(find_column(ColumnRole::Longitude, &n, &tags), None);
    }

    #[test]
    fn hdx_export_is_recognised_by_tags_and_by_names() {
        let header: Vec<&str> = HDX_MMP_EXPORT.iter().map(|(h, _, _)| *h).collect();
        let n = names(&header);
        let tags: Vec<Option<HxlTag>> = HDX_MMP_EXPORT
            .iter()
            .map(|(_, t, _)| HxlTag::parse(t))
            .collect();
        let none = vec![None; n.len()];
        // hashtags only (headers renamed to nonsense): roles still found
        let blank: Vec<String> = (0..n.len()).map(|i| format!("c{i}")).collect();
        for (i, (h, _, role)) in HDX_MMP_EXPORT.iter().enumerate() {
            if let Some(r) = role {
                assert_eq!(find_column(*r, &n, &none), Some(i), "name {h}");
                assert_eq!(find_column(*r, &blank, &tags), Some(i), "tag of {h}");
            }
        }
    }

    #[test]
    fn id_columns_of_the_field() {
        for (header, want) in [
            (vec!["Main ID", "lat", "lon"], Some(0)),
            (vec!["lat", "Incident ID"], Some(1)),
            (vec!["lat", "web_id"], Some(1)),
            (vec!["Folio", "Latitud"], Some(0)),
            (vec!["latitud", "ID caso"], Some(1)),
            (vec!["latitud", "Número de caso"], Some(1)),
            (vec!["lat", "lon", "note"], None),
        ] {
            let n = names(&header);
            assert_eq!(
                find_column(ColumnRole::Id, &n, &vec![None; n.len()]),
                want,
                "{header:?}"
            );
        }
        // hashtags
        for tag in ["#event+id", "#case+id", "#web+id", "#incident+id"] {
            let tags = vec![None, HxlTag::parse(tag)];
            let n = names(&["x", "y"]);
            assert_eq!(find_column(ColumnRole::Id, &n, &tags), Some(1), "{tag}");
        }
        // a hashtag beats a name
        let tags = vec![None, HxlTag::parse("#case+id")];
        assert_eq!(
            find_column(ColumnRole::Id, &names(&["id", "ref"]), &tags),
            Some(1)
        );
        // preference order: case_id before id
        assert_eq!(
            find_column(ColumnRole::Id, &names(&["id", "case_id"]), &[None, None]),
            Some(1)
        );
    }

    #[test]
    fn spanish_headers() {
        let n = names(&[
            "Folio",
            "Fecha de los hechos",
            "Latitud",
            "Longitud",
            "Número de víctimas",
            "Ruta migratoria",
            "Año",
            "Mes",
        ]);
        let t = vec![None; n.len()];
        let got: Vec<_> = [
            ColumnRole::Id,
            ColumnRole::Date,
            ColumnRole::Latitude,
            ColumnRole::Longitude,
            ColumnRole::Count,
            ColumnRole::Route,
            ColumnRole::Year,
            ColumnRole::Month,
        ]
        .iter()
        .map(|r| find_column(*r, &n, &t))
        .collect();
        assert_eq!(got, (0..8).map(Some).collect::<Vec<_>>());
    }
}
