//! Seeded generator of the SYNTHETIC example case data (`data/mexico/cases_synthetic.csv`,
//! `data/mexico/itineraries_synthetic.csv`) and of a file of deliberately bad rows for the
//! reader tests. The same network and options always give byte-identical files (ChaCha8
//! seeded RNG, fixed formatting), which `tests/api/cases_synthetic.rs` checks against the
//! committed files. **None of these records describes a real person or event.**
//!
//! Cases follow corridors entry → tourist centre → border crossing along shortest paths of
//! the network, at a random point of the route with a few hundred metres to a few km of
//! noise (3 % lie 20–60 km off the network); itineraries go origin (or entry) → entry →
//! sometimes a transit hub → tourist centre or border city, with increasing dates, named
//! the way case workers write them (hub names, upper case without accents, GeoNames ids,
//! coordinates).

use geo::{Destination, Haversine, InterpolateLine, Point};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::network::{Csr, HubKind, Network};
use crate::routing::Workspace;

/// (entry, tourist centre, border crossing, route segments, route hubs)
type Corridor = (usize, usize, usize, Vec<usize>, Vec<usize>);

/// Label written into every synthetic row.
pub const SYNTHETIC_LABEL: &str = "SYNTHETIC (corridors generator; not real cases)";

/// Options of [`generate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntheticOptions {
    /// RNG seed.
    pub seed: u64,
    /// Number of point cases.
    pub cases: usize,
    /// Number of itineraries.
    pub itineraries: usize,
    /// Rows of the bad-rows file (a quarter of them corrupted).
    pub bad_rows: usize,
}

impl Default for SyntheticOptions {
    fn default() -> Self {
        Self {
            seed: 20_261_127,
            cases: 600,
            itineraries: 300,
            bad_rows: 40,
        }
    }
}

/// The generated files, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticData {
    /// Point cases: `case_id,date,lat,lon,count,route,source`.
    pub cases_csv: String,
    /// HTCDS-style events: `hte_CaseId,hte_Date,hte_Type,hte_Latitude,hte_Longitude,hte_City,hte_State,hte_Country,victims,source`.
    pub itineraries_csv: String,
    /// The first rows of `cases_csv` with every fourth row corrupted in one of eight ways.
    pub bad_rows_csv: String,
}

fn date_from_days(days: u32) -> String {
    // days since 2023-01-01
    let mut y = 2023;
    let mut d = days;
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

fn strip_accents_upper(s: &str) -> String {
    s.chars()
        .map(crate::cases::types::fold_accent)
        .collect::<String>()
        .to_uppercase()
}

/// Generates the synthetic files for a network with entry, tourist-centre and
/// border-crossing hubs.
///
/// ```
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0).unwrap();
/// let opts = corridors::cases::synthetic::SyntheticOptions { cases: 20, itineraries: 5, ..Default::default() };
/// let a = corridors::cases::synthetic::generate(&net, &opts).unwrap();
/// let b = corridors::cases::synthetic::generate(&net, &opts).unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.cases_csv.lines().count(), 21);
/// assert!(a.cases_csv.contains("SYNTHETIC"));
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if the network lacks entry, tourist-centre or border hubs, or
/// no route joins them.
pub fn generate(net: &Network, opts: &SyntheticOptions) -> Result<SyntheticData> {
    let of_kind = |k: HubKind| net.hubs_of_kind(k);
    let (entries, tourist, border, origins) = (
        of_kind(HubKind::Entry),
        of_kind(HubKind::TouristCentre),
        of_kind(HubKind::BorderCrossing),
        of_kind(HubKind::Origin),
    );
    if entries.is_empty() || tourist.is_empty() || border.is_empty() {
        return Err(Error::invalid(
            "net",
            "synthetic data needs entry, tourist_centre and border_crossing hubs",
        ));
    }
    let lengths: Vec<f64> = net.segments().map(|s| s.length_m).collect();
    let csr = Csr::new(net, &lengths, false);
    let mut ws = Workspace::new(net.hub_count());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let path = |ws: &mut Workspace, s: usize, t: usize| {
        ws.run(&csr, s, Some(t), |_, _| false);
        ws.path_to(t)
    };
    let route = |rng: &mut ChaCha8Rng, ws: &mut Workspace| -> Result<Corridor> {
        for _ in 0..100 {
            let e = entries[rng.random_range(0..entries.len())];
            let t = tourist[rng.random_range(0..tourist.len())];
            let b = border[rng.random_range(0..border.len())];
            if let (Some(p1), Some(p2)) = (path(ws, e, t), path(ws, t, b)) {
                let mut segs = p1.1;
                segs.extend(p2.1);
                let mut hubs = p1.0;
                hubs.extend(&p2.0[1..]);
                if !segs.is_empty() {
                    return Ok((e, t, b, segs, hubs));
                }
            }
        }
        Err(Error::invalid(
            "net",
            "no route joins entry, tourist and border hubs",
        ))
    };

    let mut cases = String::from("case_id,date,lat,lon,count,route,source\n");
    for i in 0..opts.cases {
        let (_, t, _, segs, _) = route(&mut rng, &mut ws)?;
        let total: f64 = segs.iter().map(|&e| lengths[e]).sum();
        let mut u = rng.random_range(0.0..1.0) * total;
        let mut at = (segs[segs.len() - 1], 1.0);
        for &e in &segs {
            if u <= lengths[e] {
                at = (
                    e,
                    if lengths[e] > 0.0 {
                        u / lengths[e]
                    } else {
                        0.0
                    },
                );
                break;
            }
            u -= lengths[e];
        }
        let on = Haversine
            .point_at_ratio_from_start(&net.segment(at.0).geometry, at.1)
            .unwrap_or(net.hub(net.endpoints(at.0).0).location);
        let off = if rng.random_range(0.0..1.0) < 0.03 {
            rng.random_range(20_000.0..60_000.0)
        } else {
            // roughly half-normal, scale ~1.5 km
            (0..4)
                .map(|_| rng.random_range(-1.0..1.0))
                .sum::<f64>()
                .abs()
                * 1_300.0
        };
        let p: Point<f64> = Haversine.destination(on, rng.random_range(0.0..360.0), off);
        let count = match rng.random_range(0..100) {
            0..60 => 1,
            60..85 => 2,
            n => 3 + n % 4,
        };
        cases.push_str(&format!(
            "SYN-{:05},{},{:.5},{:.5},{},via {},{}\n",
            i + 1,
            date_from_days(rng.random_range(0..730)),
            p.y(),
            p.x(),
            count,
            net.hub(t).name,
            SYNTHETIC_LABEL
        ));
    }

    let mut its = String::from(
        "hte_CaseId,hte_Date,hte_Type,hte_Latitude,hte_Longitude,hte_City,hte_State,hte_Country,victims,source\n",
    );
    let country = |h: usize| {
        net.hub(h)
            .properties
            .get("country")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    for i in 0..opts.itineraries {
        let (e, t, b, _, hubs) = route(&mut rng, &mut ws)?;
        let id = format!("SYN-IT-{:04}", i + 1);
        let victims = if rng.random_range(0..4) == 0 {
            rng.random_range(2..6)
        } else {
            1
        };
        let mut day = rng.random_range(0..640);
        let mut row = |kind: &str, day: u32, place: String| {
            its.push_str(&format!(
                "{id},{},{kind},{place},{victims},{SYNTHETIC_LABEL}\n",
                date_from_days(day)
            ));
        };
        let named = |h: usize, rng: &mut ChaCha8Rng| -> String {
            let hub = net.hub(h);
            let name = match rng.random_range(0..10) {
                0..6 => hub.name.clone(),
                6..8 => strip_accents_upper(&hub.name),
                _ => match hub.properties.get("geonameid").and_then(|v| v.as_u64()) {
                    Some(g) => g.to_string(),
                    None => hub.name.clone(),
                },
            };
            format!(",,\"{name}\",,{}", country(h))
        };
        let start = if !origins.is_empty() && rng.random_range(0..2) == 0 {
            origins[rng.random_range(0..origins.len())]
        } else {
            e
        };
        let p = named(start, &mut rng);
        row("Recruitment", day, p);
        day += rng.random_range(3..20);
        // the entry as coordinates with ~1 km noise
        let q = Haversine.destination(
            net.hub(e).location,
            rng.random_range(0.0..360.0),
            rng.random_range(0.0..1_000.0),
        );
        row("Transit", day, format!("{:.5},{:.5},,,", q.y(), q.x()));
        if hubs.len() > 3 && rng.random_range(0..3) == 0 {
            day += rng.random_range(2..15);
            let mid = hubs[1 + rng.random_range(0..hubs.len() - 2)];
            let p = named(mid, &mut rng);
            row("Transit", day, p);
        }
        day += rng.random_range(10..60);
        let end = if rng.random_range(0..10) < 7 { t } else { b };
        let p = named(end, &mut rng);
        row("Exploitation", day, p);
    }

    let mut bad = String::from("case_id,date,lat,lon,count,route,source\n");
    for (k, line) in cases.lines().skip(1).take(opts.bad_rows).enumerate() {
        if k % 4 != 3 {
            bad.push_str(line);
            bad.push('\n');
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let (id, date, lat, lon, count, route, src) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        let corrupted = match (k / 4) % 8 {
            0 => format!("{id},{date},{lon},{lat},{count},{route},{src}"), // swapped
            1 => format!("{id},{date},,{lon},{count},{route},{src}"),      // missing lat
            2 => format!("{id},{date},{lat}x,{lon},{count},{route},{src}"), // garbage
            3 => format!("{id},31/12/2023,{lat},{lon},{count},{route},{src}"), // day-first date
            4 => format!("{id},{date},{lat},{lon},-{count},{route},{src}"), // negative count
            5 => format!("{id},{date},{lat},{lon},{count}"),               // too few fields
            6 => format!("{id},{date},{lat},-200.00000,{count},{route},{src}"), // lon beyond -180
            _ => format!("{id},{date},{lat}N,{lon}N,{count},{route},{src}"), // N on a longitude
        };
        bad.push_str(&corrupted);
        bad.push('\n');
    }
    Ok(SyntheticData {
        cases_csv: cases,
        itineraries_csv: its,
        bad_rows_csv: bad,
    })
}
