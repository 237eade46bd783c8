//! Degree-2 simplification (`corridors::network::simplify`): on the Helsinki OpenStreetMap
//! extract and on random synthetic networks, the total length and every shortest-path length
//! and travel time between kept hubs are unchanged, protected hubs stay, and no pass-through
//! hub remains.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use corridors::io::osm::{OsmOptions, load_osm_pbf};
use corridors::network::{SimplifyOptions, simplify};
use corridors::{Hub, HubKind, Mode, Network, NetworkBuilder, SegmentSpec, Weighting};
use proptest::prelude::*;

/// Distances from `s` over the network's one-way-aware adjacency.
fn dijkstra(net: &Network, w: &[f64], s: usize) -> Vec<f64> {
    let csr = net.csr(w, true);
    let mut dist = vec![f64::INFINITY; net.hub_count()];
    let mut heap = BinaryHeap::new();
    dist[s] = 0.0;
    heap.push(Reverse((0f64.to_bits(), s)));
    while let Some(Reverse((k, u))) = heap.pop() {
        if k != dist[u].to_bits() {
            continue;
        }
        for (v, _, c) in csr.arcs(u) {
            let nd = dist[u] + c;
            if nd < dist[v] {
                dist[v] = nd;
                heap.push(Reverse((nd.to_bits(), v)));
            }
        }
    }
    dist
}

/// A hub the simplification should have merged away (the documented criterion).
fn passes_through(net: &Network, v: usize, keep: &[String]) -> bool {
    let h = net.hub(v);
    if h.kind != HubKind::Other || keep.contains(&h.id.as_key()) {
        return false;
    }
    let inc: Vec<usize> = (0..net.segment_count())
        .filter(|&e| {
            let (a, b) = net.endpoints(e);
            a == v || b == v
        })
        .collect();
    if inc.len() != 2
        || inc
            .iter()
            .any(|&e| net.endpoints(e).0 == net.endpoints(e).1)
    {
        return false;
    }
    let other = |e: usize| {
        let (a, b) = net.endpoints(e);
        if a == v { b } else { a }
    };
    let (s1, s2) = (net.segment(inc[0]), net.segment(inc[1]));
    let timed = |s: &corridors::Segment| s.minutes.is_some() || s.speed_kmh.is_some();
    if other(inc[0]) == other(inc[1]) || s1.mode != s2.mode || timed(s1) != timed(s2) {
        return false;
    }
    match (s1.oneway, s2.oneway) {
        (false, false) => true,
        (true, true) => (net.endpoints(inc[0]).1 == v) != (net.endpoints(inc[1]).1 == v),
        _ => false,
    }
}

/// Checks every property of [`simplify`] on `net`; returns the hubs removed.
fn check(net: &Network, keep: &[String]) -> usize {
    let (s, report) = simplify(
        net,
        &SimplifyOptions {
            keep: keep.to_vec(),
        },
    )
    .unwrap();
    assert_eq!(report.hubs_removed, net.hub_count() - s.hub_count());
    // total length
    let total = |n: &Network| n.segments().map(|x| x.length_m).sum::<f64>();
    let (a, b) = (total(net), total(&s));
    assert!((a - b).abs() <= 1e-9 * a.max(1.0), "total length {a} → {b}");
    // protected hubs stay
    for h in net.hubs() {
        if h.kind != HubKind::Other || keep.contains(&h.id.as_key()) {
            assert!(
                s.hub_index(&h.id.as_key()).is_some(),
                "hub {} removed",
                h.id.as_key()
            );
        }
    }
    // no pass-through hub remains (rings keep one hub, which then has both ends of a loop)
    for v in 0..s.hub_count() {
        assert!(
            !passes_through(&s, v, keep),
            "hub {} still passes through",
            s.hub(v).id.as_key()
        );
    }
    // shortest-path lengths and travel times between kept hubs, one-way aware
    for weighting in [Weighting::Length, Weighting::Minutes(Default::default())] {
        let w0 = weighting.weights(net).unwrap();
        let w1 = weighting.weights(&s).unwrap();
        let kept: Vec<(usize, usize)> = (0..s.hub_count())
            .map(|i| (net.hub_index(&s.hub(i).id.as_key()).unwrap(), i))
            .collect();
        let step = (kept.len() / 60).max(1); // at most ~60 sources: all targets each
        for &(src0, src1) in kept.iter().step_by(step) {
            let (d0, d1) = (dijkstra(net, &w0, src0), dijkstra(&s, &w1, src1));
            for &(t0, t1) in &kept {
                let (x, y) = (d0[t0], d1[t1]);
                assert!(
                    (x.is_infinite() && y.is_infinite()) || (x - y).abs() <= 1e-9 * x.max(1.0),
                    "{weighting}: {} → {}: {x} vs {y}",
                    s.hub(src1).id.as_key(),
                    s.hub(t1).id.as_key()
                );
            }
        }
    }
    // idempotent
    let (again, r2) = simplify(
        &s,
        &SimplifyOptions {
            keep: keep.to_vec(),
        },
    )
    .unwrap();
    assert_eq!(
        (r2.hubs_removed, again.segment_count()),
        (0, s.segment_count())
    );
    report.hubs_removed
}

/// The same property checks on the country-scale synthetic extract (ignored in CI: the file
/// is generated, 6 MiB). `python3 scripts/make_synthetic_osm.py target/gen/syn400.osm.pbf 400
/// 400`, then `cargo test --release --all-features --test api -- --ignored country_scale`
/// (another file: `CORRIDORS_SYNTHETIC_PBF=PATH`).
#[test]
#[ignore]
fn country_scale_synthetic_extract_simplifies_without_changing_distances() {
    let path = std::env::var("CORRIDORS_SYNTHETIC_PBF")
        .unwrap_or_else(|_| "target/gen/syn400.osm.pbf".to_string());
    let (net, _) = load_osm_pbf(&path, &OsmOptions::default()).unwrap();
    assert!(net.hub_count() >= 100_000, "{} hubs", net.hub_count());
    let removed = check(&net, &[]);
    assert!(removed > 0, "mid-block joints are pass-through hubs");
}

#[test]
fn helsinki_extract_simplifies_without_changing_distances() {
    let (net, _) = load_osm_pbf("data/osm/helsinki.osm.pbf", &OsmOptions::default()).unwrap();
    let removed = check(&net, &[]);
    assert!(
        removed > 0,
        "the importer leaves chains of ways meeting end to end"
    );
    // a kept hub splits its chain
    let v = (0..net.hub_count())
        .find(|&v| passes_through(&net, v, &[]))
        .expect("a pass-through hub");
    let id = net.hub(v).id.as_key();
    let (s, _) = simplify(
        &net,
        &SimplifyOptions {
            keep: vec![id.clone()],
        },
    )
    .unwrap();
    assert!(s.hub_index(&id).is_some());
    check(&net, &[id]);
}

#[test]
fn merged_segments_list_their_parts_and_join_geometry() {
    // a → b → c one-way (speed 50), c – d two-way: b merges; c stays (one-way meets two-way)
    let mut bld = NetworkBuilder::new();
    for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
        bld.add_hub(Hub::new(*id, HubKind::Other, -92.0 + 0.1 * i as f64, 15.0));
    }
    for (id, f, t, oneway, name) in [
        ("ab", "a", "b", true, "Calle 1"),
        ("bc", "b", "c", true, "Calle 2"),
        ("cd", "c", "d", false, "Calle 2"),
    ] {
        let mut s = SegmentSpec::between(id, f, t);
        s.oneway = oneway;
        s.speed_kmh = Some(50.0);
        s.properties.insert("name".into(), name.into());
        bld.add_segment(s);
    }
    let (net, _) = bld.build().unwrap();
    let (s, r) = simplify(&net, &Default::default()).unwrap();
    assert_eq!((s.hub_count(), s.segment_count(), r.chains), (3, 2, 1));
    let m = s.segment(s.segment_index("ab").unwrap());
    assert!(m.oneway);
    assert_eq!(m.geometry.0.len(), 3);
    assert_eq!(
        m.properties["merged_segments"],
        serde_json::json!(["ab", "bc"])
    );
    assert_eq!(
        m.properties["name"],
        serde_json::json!(["Calle 1", "Calle 2"])
    );
    assert_eq!(m.speed_kmh, Some(50.0));
    let sum = net.segment(0).length_m + net.segment(1).length_m;
    assert!((m.length_m - sum).abs() < 1e-9);
    // an unknown hub to keep is an error, not ignored
    assert!(
        simplify(
            &net,
            &SimplifyOptions {
                keep: vec!["zz".into()]
            }
        )
        .is_err()
    );
}

/// A random network: a few junction hubs joined by chains of pass-through hubs, with random
/// one-way chains, kinds, modes, speeds, parallel chains, loops and rings.
fn synthetic(
    junctions: usize,
    chains: &[(usize, usize, usize, u8)],
    rings: &[usize],
    kinds: &[u8],
) -> Network {
    let mut b = NetworkBuilder::new();
    let mut k = 0usize;
    let mut hub = |b: &mut NetworkBuilder, kind: u8| {
        let kind = match kind % 7 {
            0 => HubKind::Transit,
            _ => HubKind::Other,
        };
        let id = format!("h{k}");
        b.add_hub(Hub::new(
            id.clone(),
            kind,
            -100.0 + (k % 97) as f64 * 0.01,
            20.0 + (k / 97) as f64 * 0.01,
        ));
        k += 1;
        id
    };
    let js: Vec<String> = (0..junctions)
        .map(|i| hub(&mut b, kinds[i % kinds.len()]))
        .collect();
    let mut seg = 0usize;
    let mut add = |b: &mut NetworkBuilder, f: &str, t: &str, flags: u8| {
        let mut s = SegmentSpec::between(format!("s{seg}"), f, t);
        seg += 1;
        s.oneway = flags & 1 == 1;
        if flags & 2 == 2 {
            s.speed_kmh = Some(30.0 + f64::from(flags));
        }
        if flags & 4 == 4 {
            s.mode = Mode::Rail;
        }
        b.add_segment(s);
    };
    for (ci, &(a, z, len, flags)) in chains.iter().enumerate() {
        let (a, z) = (&js[a % junctions], &js[z % junctions]);
        let mut prev = a.clone();
        for i in 0..len {
            let kind = kinds[(ci + i) % kinds.len()] | 1; // mostly `other`
            let h = hub(&mut b, if i % 5 == 4 { kind } else { 1 });
            // flags vary along some chains (bit 3 flips one-way / speed mid-chain)
            let f = if flags & 8 == 8 && i == len / 2 {
                flags ^ 3
            } else {
                flags
            };
            add(&mut b, &prev, &h, f);
            prev = h;
        }
        add(&mut b, &prev, z, flags);
    }
    for &len in rings {
        let ids: Vec<String> = (0..len.max(3)).map(|_| hub(&mut b, 1)).collect();
        for i in 0..ids.len() {
            add(&mut b, &ids[i], &ids[(i + 1) % ids.len()], 1);
        }
    }
    b.build().unwrap().0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn synthetic_networks_keep_every_distance(
        junctions in 2usize..8,
        chains in prop::collection::vec((0usize..8, 0usize..8, 0usize..6, 0u8..16), 1..12),
        rings in prop::collection::vec(3usize..6, 0..2),
        kinds in prop::collection::vec(0u8..14, 1..6),
    ) {
        let net = synthetic(junctions, &chains, &rings, &kinds);
        check(&net, &[]);
        // keeping an arbitrary hub keeps it
        let keep = vec![net.hub(net.hub_count() - 1).id.as_key()];
        check(&net, &keep);
    }
}

#[test]
fn synthetic_osm_extract_selects_classes_and_simplifies() {
    let path = "tests/fixtures/osm/synthetic_30x30.osm.pbf";
    let (roads, _) = load_osm_pbf(path, &OsmOptions::default()).unwrap();
    // access=no/private ways are left out by default, kept on request
    let all = OsmOptions {
        include_private: true,
        ..Default::default()
    };
    let (with_private, _) = load_osm_pbf(path, &all).unwrap();
    assert!(with_private.segment_count() > roads.segment_count());
    // rail and ferries only when asked, with their modes and tags
    let (multi, _) = load_osm_pbf(
        path,
        &OsmOptions {
            rail: true,
            ferries: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(roads.segments().all(|s| s.mode == Mode::Road));
    assert!(multi.segments().any(|s| s.mode == Mode::Rail));
    let ferry = multi
        .segments()
        .find(|s| s.mode == Mode::Sea)
        .expect("the ferry");
    assert_eq!(ferry.properties["route"], "ferry");
    // names, refs and speeds are kept
    assert!(roads.segments().any(|s| s.properties.get("ref").is_some()));
    assert!(roads.segments().all(|s| s.properties.get("name").is_some()));
    assert!(roads.segments().any(|s| s.speed_kmh == Some(80.0)));
    // the mid-block joints between consecutive ways are pass-through hubs, merged away
    let removed = check(&multi, &[]);
    assert!(removed > 0);
    let (s, _) = simplify(&roads, &Default::default()).unwrap();
    let named_lists = s
        .segments()
        .filter(|x| x.properties.get("osm_way").is_some_and(|v| v.is_array()))
        .count();
    assert!(named_lists > 0, "merged segments list their way ids");
}
