//! No aggregate output contains a count in 1..k-1, a case coordinate or a case id.

use crate::support::cases as cases_common;

use corridors::cases::{
    Aggregate, AggregateOptions, Counts, PrivacyGuard, SegmentIndex, SnapOptions, aggregate_points,
    snap_points,
};
use corridors::io::ReadOptions;
use proptest::prelude::*;
use serde_json::Value;

/// Every numeric `cases`/`victims` value anywhere in the JSON.
fn published_counts(v: &Value, out: &mut Vec<u64>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if (k == "cases" || k == "victims") && !x.is_null() {
                    out.push(x.as_u64().expect("counts are integers or null"));
                }
                published_counts(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| published_counts(x, out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn no_small_counts_are_published(
        counts in prop::collection::vec((0u64..40, 0u64..80), 9 + 8),
        k in 1u32..20,
        rounding in prop::option::of(1u32..7),
    ) {
        let net = cases_common::network();
        let mut agg = Aggregate {
            segments: counts[..9].iter().map(|&(c, v)| Counts { cases: c, victims: v }).collect(),
            hubs: counts[9..].iter().map(|&(c, v)| Counts { cases: c, victims: v }).collect(),
            ..Default::default()
        };
        agg.routes.insert("route".into(), Counts { cases: counts[0].0, victims: counts[0].1 });
        agg.od_pairs.insert((0, 1), Counts { cases: counts[1].0, victims: counts[1].1 });
        let guard = PrivacyGuard { min_count: k, rounding };
        let fc = corridors::map::cases_layer(&net, &guard.publish(&net, &agg).unwrap()).unwrap();
        let json = serde_json::to_value(&fc).unwrap();
        let mut vals = Vec::new();
        published_counts(&json, &mut vals);
        for v in &vals {
            prop_assert!(*v == 0 || *v >= u64::from(k), "published {v} with k = {k}");
            if let Some(r) = rounding { prop_assert_eq!(v % u64::from(r), 0); }
        }
        // suppressed flags agree with null values, and the thresholds are written
        for f in &fc.features {
            let p = f.properties.as_ref().unwrap();
            prop_assert_eq!(p["suppressed"].as_bool().unwrap(), p["cases"].is_null() || p["victims"].is_null());
        }
        prop_assert_eq!(&json["privacy"]["min_count"], &Value::from(k));
        // a suppressed segment never gets a count-dependent width
        for f in &fc.features {
            let p = f.properties.as_ref().unwrap();
            if p["cases"].is_null() && p.contains_key("stroke") {
                prop_assert_eq!(&p["stroke-width"], &Value::from(1.5));
            }
        }
    }
}

#[test]
fn aggregate_output_has_no_case_ids_or_coordinates() {
    let net = cases_common::network();
    let idx = SegmentIndex::new(&net).unwrap();
    for file in ["ngo_dms.csv", "mmp_sample.csv", "bad_rows.csv"] {
        let r = corridors::io::csv::read_cases(
            format!("tests/fixtures/cases/{file}"),
            &ReadOptions::default(),
        )
        .unwrap();
        let pts: Vec<_> = r.records.iter().map(|c| c.location).collect();
        let snaps = snap_points(
            &idx,
            &pts,
            &SnapOptions {
                max_distance_m: 1e7,
            },
            &Default::default(),
        )
        .unwrap();
        let agg = aggregate_points(&net, &r.records, &snaps, &AggregateOptions::default()).unwrap();
        assert_eq!(agg.cases_counted as usize, r.records.len());
        // k = 1 publishes every count: ids and coordinates must still be absent
        for guard in [
            PrivacyGuard::default(),
            PrivacyGuard {
                min_count: 1,
                rounding: None,
            },
        ] {
            let fc =
                corridors::map::cases_layer(&net, &guard.publish(&net, &agg).unwrap()).unwrap();
            let text = serde_json::to_string(&fc).unwrap();
            for c in &r.records {
                let id = c.id.as_deref().unwrap();
                assert!(!text.contains(id), "{file}: case id {id} in output");
            }
            // every position written is a vertex of the (public) network
            let r6 = |v: f64| (v * 1e6).round() as i64;
            let mut public = std::collections::HashSet::new();
            for h in net.hubs() {
                public.insert((r6(h.location.x()), r6(h.location.y())));
            }
            for sgm in net.segments() {
                for c in &sgm.geometry.0 {
                    public.insert((r6(c.x), r6(c.y)));
                }
            }
            let mut positions = 0;
            for f in &fc.features {
                let g = serde_json::to_value(f.geometry.as_ref().unwrap()).unwrap();
                let mut stack = vec![g["coordinates"].clone()];
                while let Some(v) = stack.pop() {
                    let a = v.as_array().unwrap();
                    if a.first().is_some_and(Value::is_number) {
                        let (x, y) = (a[0].as_f64().unwrap(), a[1].as_f64().unwrap());
                        assert!(
                            public.contains(&(r6(x), r6(y))),
                            "{file}: position {x},{y} is not a network vertex"
                        );
                        positions += 1;
                    } else {
                        stack.extend(a.iter().cloned());
                    }
                }
                // and no property carries a case coordinate
                for (k, v) in f.properties.as_ref().unwrap() {
                    if let Some(x) = v.as_f64() {
                        for c in &r.records {
                            assert!(
                                x != c.location.x() && x != c.location.y(),
                                "{file}: property {k} = case coordinate"
                            );
                        }
                    }
                }
            }
            assert!(positions > 0);
        }
    }
}
