//! CSV input: case points, Missing Migrants exports, HTCDS itineraries and OD demand.
//!
//! Every reader comes as `read_<what>(path, …)` and `read_<what>_from(label, reader, …)`;
//! `label` names the source in diagnostics. A file that cannot be opened or read is an
//! [`Error::Io`](crate::Error::Io) naming the path.
//!
//! # Case points ([`read_cases`])
//! Coordinate columns are found by an HXL hashtag row (`#geo+lat`, `#geo+lon`,
//! `#geo+coord`) or by common names (`lat`/`latitude`/`y`, `lon`/`lng`/`long`/`longitude`/
//! `x`, or one "lat, lon" column such as `coordinates` or Missing Migrants'
//! `location_coodinates`). Values may be decimal degrees or degrees-minutes-seconds with
//! hemisphere letters (see [`crate::io::hxl`]). Optional columns: `id` (also `case_id`,
//! `incident_id`, `main_id`), `date`, `count` (victims; also `victims`,
//! `total_dead_and_missing`), `route` (also `migration_route`).
//!
//! Every row that cannot be read becomes one [`Diagnostic`](crate::Diagnostic) naming file,
//! line, column and reason; nothing is dropped silently. Columns that look like personal data
//! (names, phone, e-mail, document numbers, addresses, birth dates) are dropped on read and
//! listed in [`ReadReport::dropped_columns`](crate::io::ReadReport::dropped_columns) unless
//! kept with [`ReadOptions::keep_columns`](crate::io::ReadOptions::keep_columns).
//!
//! # IOM Missing Migrants Project exports ([`read_mmp`])
//! The export has a header row, an HXL hashtag row, one "lat, lon" column spelled
//! `location_coodinates` (sic; `location_coordinates` and the HXL tag `#geo+coord` are
//! accepted too), `migration_route` and `total_dead_and_missing` (or
//! `total_number_of_dead_and_missing`). Each row becomes a
//! [`CaseRecord`](crate::cases::CaseRecord) whose `route` is the migration route and whose
//! `count` is the number of dead and missing.
//!
//! # HTCDS historic trafficking events ([`read_htcds`])
//! An export of the Human Trafficking Case Data Standard `hte_` table has one row per event:
//! a case id (`hte_CaseId`, `cas_Id`, `case_id` …), `hte_Date`, `hte_Type` (Recruitment /
//! Transit / Exploitation) and a place: `hte_Latitude` + `hte_Longitude`, or `hte_City` with
//! optional `hte_State` and `hte_Country`. Events are grouped into one
//! [`Itinerary`](crate::cases::Itinerary) per case (cases in order of first appearance).
//! Stops are ordered by date; when some events of a case have no date, the case's stops are
//! ordered by event type (Recruitment → Transit → Exploitation), then file order, and a
//! warning says so. Free-text (`hte_Description`, `hte_Street`, `hte_PostalCode`) and
//! personal columns are dropped.
//!
//! # Origin–destination demand ([`read_demand`])
//! A header row `origin,destination,demand` (any column order, extra columns are ignored),
//! then one row per pair. `origin` and `destination` are hub ids as in the network; `demand`
//! is a finite number ≥ 0. Repeated pairs add up.

mod demand;
mod geonames;
mod htcds;
mod mmp;
mod personal_data;
mod points;
mod table;

pub use demand::{read_demand, read_demand_from};
pub use geonames::{read_geonames, read_geonames_from};
pub use htcds::{read_htcds, read_htcds_from};
pub use mmp::{read_mmp, read_mmp_from};
pub use points::{CaseRow, CaseRows, read_cases, read_cases_from, stream_cases, stream_cases_from};

pub(crate) use personal_data::looks_personal;
pub(crate) use table::{normalise_name, parse_count};
