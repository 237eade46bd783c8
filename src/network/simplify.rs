//! Degree-2 simplification (OSMnx `simplify_graph` semantics): chains of segments through
//! hubs that only pass traffic on are merged into one segment.

use std::collections::HashSet;

use geo::{Coord, LineString};
use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{HubKind, Properties, Segment};
use super::{Hub, Network};
use crate::error::{Error, Result};
use crate::progress::{Batched, NoProgress, Progress, Unit};

/// Which hubs [`simplify`] must keep besides the junctions and dead ends.
///
/// ```
/// use corridors::network::SimplifyOptions;
/// let o = SimplifyOptions { keep: vec!["station".into()] };
/// assert_eq!(o.keep.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SimplifyOptions {
    /// Hub ids (as written in the input) never merged away.
    pub keep: Vec<String>,
}

/// What [`simplify`] did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SimplifyReport {
    /// Hubs before.
    pub hubs_before: usize,
    /// Segments before.
    pub segments_before: usize,
    /// Hubs removed (interior hubs of merged chains).
    pub hubs_removed: usize,
    /// Merged segments created (each from two or more segments).
    pub chains: usize,
}

/// Merges every chain of segments through "pass-through" hubs into one segment, as OSMnx's
/// `simplify_graph` does.
///
/// A hub is passed through, and removed, when all of these hold:
/// * its kind is [`HubKind::Other`] and its id is not in [`SimplifyOptions::keep`];
/// * it has exactly two segments, to two different hubs, and no self-loop;
/// * both segments have the same mode, and either both are two-way or both are one-way with
///   one arriving and one leaving (so one-way chains stay one-way, and a hub where a
///   one-way street meets a two-way one stays, as in OSMnx);
/// * both have a travel time (`minutes` or `speed_kmh`) or neither has (so travel times add
///   up exactly; a chain never mixes given and default speeds).
///
/// A merged segment keeps the first segment's id; its geometry is the chain's geometries
/// joined in travel order, `length_m` and `minutes` are sums (`speed_kmh` is kept when every
/// part has the same one). Every other property that is equal along the chain is kept;
/// one that differs (or is missing on some parts) becomes the list of its distinct values
/// in travel order (e.g. the `osm_way` ids and `name`s). The property `merged_segments`
/// lists the ids of the merged segments. A ring made only of pass-through hubs keeps its
/// lowest-index hub.
///
/// Shortest-path lengths and travel times (weightings `length` and `minutes`) between the
/// kept hubs are unchanged, and so is the total length; a weighting on another property is
/// not (a list is not a number).
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: hubs to keep.
///
/// # Returns
/// The simplified network (kept hubs in their original order, then segments in the order of
/// their first part) and counts.
///
/// # Complexity
/// `O(n + m + total geometry vertices)`.
///
/// # Errors
/// [`Error::InvalidArgument`] when a hub in `keep` is not in the network.
///
/// # Example
/// ```
/// use corridors::network::{SimplifyOptions, simplify};
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// // a – b – c – d, all of kind `other`: b and c only pass traffic on
/// let mut b = NetworkBuilder::new();
/// for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
///     b.add_hub(Hub::new(*id, HubKind::Other, -92.0, 15.0 + 0.1 * i as f64));
/// }
/// for (id, f, t) in [("ab", "a", "b"), ("bc", "b", "c"), ("cd", "c", "d")] {
///     b.add_segment(SegmentSpec::between(id, f, t));
/// }
/// let (net, _) = b.build()?;
/// let (s, report) = simplify(&net, &SimplifyOptions::default())?;
/// assert_eq!((s.hub_count(), s.segment_count(), report.hubs_removed), (2, 1, 2));
/// let total = |n: &corridors::Network| n.segments().map(|x| x.length_m).sum::<f64>();
/// assert!((total(&s) - total(&net)).abs() < 1e-6);
/// // keeping c splits the chain there
/// let (k, _) = simplify(&net, &SimplifyOptions { keep: vec!["c".into()] })?;
/// assert_eq!(k.segment_count(), 2);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn simplify(net: &Network, opts: &SimplifyOptions) -> Result<(Network, SimplifyReport)> {
    simplify_with_progress(net, opts, &NoProgress)
}

/// [`simplify`] reporting the phase `simplifying network` to `progress`: one unit per hub
/// classified and one per segment placed in the result (merged or kept), then
/// [`Progress::finish`]. The result is the one of [`simplify`].
///
/// ```
/// use corridors::network::{SimplifyOptions, simplify, simplify_with_progress};
/// use corridors::progress::NoProgress;
/// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
/// let (a, _) = simplify(&net, &SimplifyOptions::default())?;
/// let (b, _) = simplify_with_progress(&net, &SimplifyOptions::default(), &NoProgress)?;
/// assert_eq!(a.segment_count(), b.segment_count());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`simplify`].
pub fn simplify_with_progress(
    net: &Network,
    opts: &SimplifyOptions,
    progress: &dyn Progress,
) -> Result<(Network, SimplifyReport)> {
    let n = net.hub_count();
    let m = net.segment_count();
    let mut keep = vec![false; n];
    for id in &opts.keep {
        match net.hub_index(id) {
            Some(i) => keep[i] = true,
            None => {
                return Err(Error::invalid(
                    "keep",
                    format!("hub {id:?} is not in the network"),
                ));
            }
        }
    }
    progress.phase("simplifying network", Some((n + m) as u64), Unit::Items);
    // Incident segments per hub (self-loops marked instead).
    let mut inc: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut self_loop = vec![false; n];
    for e in 0..m {
        let (a, b) = net.endpoints(e);
        if a == b {
            self_loop[a] = true;
        } else {
            inc[a].push(e as u32);
            inc[b].push(e as u32);
        }
    }
    let timed = |s: &Segment| s.minutes.is_some() || s.speed_kmh.is_some();
    let other = |e: usize, v: usize| {
        let (a, b) = net.endpoints(e);
        if a == v { b } else { a }
    };
    let interior: Vec<bool> = (0..n)
        .map(|v| {
            if keep[v] || self_loop[v] || net.hub(v).kind != HubKind::Other || inc[v].len() != 2 {
                return false;
            }
            let (e1, e2) = (inc[v][0] as usize, inc[v][1] as usize);
            let (s1, s2) = (net.segment(e1), net.segment(e2));
            if other(e1, v) == other(e2, v) || s1.mode != s2.mode || timed(s1) != timed(s2) {
                return false;
            }
            match (s1.oneway, s2.oneway) {
                (false, false) => true,
                // one arrives at v, the other leaves it
                (true, true) => (net.endpoints(e1).1 == v) != (net.endpoints(e2).1 == v),
                _ => false,
            }
        })
        .collect();
    progress.inc(n as u64);

    let mut used = vec![false; m];
    let mut chains: Vec<(usize, Vec<(u32, bool)>)> = Vec::new(); // (start hub, (segment, forward))
    let walk = |start: usize, e0: usize, used: &mut [bool]| {
        let mut parts = Vec::new();
        let (mut at, mut e) = (start, e0);
        loop {
            used[e] = true;
            let forward = net.endpoints(e).0 == at;
            parts.push((e as u32, forward));
            let next = other(e, at);
            if !interior[next] || next == start {
                break;
            }
            let (a, b) = (inc[next][0] as usize, inc[next][1] as usize);
            let f = if a == e { b } else { a };
            if used[f] {
                break;
            }
            at = next;
            e = f;
        }
        (start, parts)
    };
    // Chains from every kept hub, in segment order.
    for e in 0..m {
        if used[e] {
            continue;
        }
        let (a, b) = net.endpoints(e);
        let start = if !interior[a] {
            a
        } else if !interior[b] {
            b
        } else {
            continue; // inside a chain: reached from its end, or a ring
        };
        chains.push(walk(start, e, &mut used));
    }
    // Rings of pass-through hubs: keep the lowest-index hub of each.
    let mut ring_keep = HashSet::new();
    for e in 0..m {
        if used[e] {
            continue;
        }
        // The ring's lowest hub: follow it once.
        let (a, _) = net.endpoints(e);
        let mut lowest = a;
        let (mut at, mut cur) = (a, e);
        loop {
            let next = other(cur, at);
            lowest = lowest.min(next);
            if next == a {
                break;
            }
            let (x, y) = (inc[next][0] as usize, inc[next][1] as usize);
            cur = if x == cur { y } else { x };
            at = next;
        }
        ring_keep.insert(lowest);
        let first = inc[lowest][0] as usize;
        // one-way rings run along their direction
        let first = if net.segment(first).oneway && net.endpoints(first).0 != lowest {
            inc[lowest][1] as usize
        } else {
            first
        };
        chains.push(walk(lowest, first, &mut used));
    }
    // Orient one-way chains along their direction.
    for (start, parts) in &mut chains {
        if net.segment(parts[0].0 as usize).oneway && !parts[0].1 {
            let end = {
                let &(e, fwd) = parts.last().unwrap_or(&parts[0]); // invariant: chains are non-empty
                let (a, b) = net.endpoints(e as usize);
                if fwd { b } else { a }
            };
            parts.reverse();
            parts.iter_mut().for_each(|p| p.1 = !p.1);
            *start = end;
        }
    }
    chains.sort_by_key(|(_, parts)| parts.iter().map(|p| p.0).min());

    // Assemble: kept hubs in order, merged segments.
    let kept: Vec<bool> = (0..n)
        .map(|v| !interior[v] || ring_keep.contains(&v))
        .collect();
    let mut new_index = vec![u32::MAX; n];
    let mut graph: DiGraph<Hub, Segment> = DiGraph::with_capacity(n, chains.len());
    for v in (0..n).filter(|&v| kept[v]) {
        new_index[v] = graph.add_node(net.hub(v).clone()).index() as u32;
    }
    let mut merged = 0;
    let mut placed = Batched::new(progress, 4_096);
    for (start, parts) in &chains {
        placed.add(parts.len() as u64);
        let (from, to, seg) = if let [(e, _)] = parts.as_slice() {
            // a single segment stays as it is
            let (a, b) = net.endpoints(*e as usize);
            (a, b, net.segment(*e as usize).clone())
        } else {
            let mut end = *start;
            for &(e, fwd) in parts {
                let (a, b) = net.endpoints(e as usize);
                end = if fwd { b } else { a };
            }
            merged += 1;
            (*start, end, merge(net, parts))
        };
        let (a, b) = (new_index[from], new_index[to]);
        if a == u32::MAX || b == u32::MAX {
            continue; // invariant: chains start and end at kept hubs
        }
        graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), seg);
    }
    placed.flush();
    let out = Network::from_graph(graph);
    progress.finish();
    let report = SimplifyReport {
        hubs_before: n,
        segments_before: m,
        hubs_removed: n - out.hub_count(),
        chains: merged,
    };
    Ok((out, report))
}

/// One segment from a chain of `(segment, traversed forward)` parts.
fn merge(net: &Network, parts: &[(u32, bool)]) -> Segment {
    let segs: Vec<&Segment> = parts.iter().map(|p| net.segment(p.0 as usize)).collect();
    let first = segs[0];
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for (s, &(_, fwd)) in segs.iter().zip(parts) {
        let mut c: Vec<Coord<f64>> = s.geometry.0.clone();
        if !fwd {
            c.reverse();
        }
        let skip = usize::from(!coords.is_empty());
        coords.extend(c.into_iter().skip(skip));
    }
    let length_m = segs.iter().map(|s| s.length_m).sum();
    let minutes = if first.minutes.is_some() || first.speed_kmh.is_some() {
        Some(
            segs.iter()
                .map(|s| match (s.minutes, s.speed_kmh) {
                    (Some(m), _) => m,
                    (None, Some(v)) => s.length_m / 1000.0 / v * 60.0,
                    (None, None) => 0.0, // invariant: interior hubs join timed segments only
                })
                .sum(),
        )
    } else {
        None
    };
    let speed_kmh = first
        .speed_kmh
        .filter(|v| segs.iter().all(|s| s.speed_kmh == Some(*v)));
    // Properties: equal along the chain → kept; else the list of distinct values.
    let mut keys: Vec<&String> = Vec::new();
    for s in &segs {
        for k in s.properties.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let mut properties = Properties::new();
    for k in keys {
        let vals: Vec<Option<&Value>> = segs.iter().map(|s| s.properties.get(k)).collect();
        let all_same = vals.iter().all(|v| *v == vals[0]) && vals[0].is_some();
        let value = if all_same {
            vals[0].cloned().unwrap_or(Value::Null)
        } else {
            let mut distinct: Vec<Value> = Vec::new();
            for v in vals.into_iter().flatten() {
                // lists (from an earlier simplification) are flattened
                let items: Vec<&Value> = match v {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                for it in items {
                    if !distinct.contains(it) {
                        distinct.push(it.clone());
                    }
                }
            }
            Value::Array(distinct)
        };
        properties.insert(k.clone(), value);
    }
    let ids: Vec<Value> = segs.iter().map(|s| s.id.to_json()).collect();
    properties.insert("merged_segments".into(), Value::Array(ids));
    Segment {
        id: first.id.clone(),
        mode: first.mode,
        geometry: LineString::from(coords),
        length_m,
        minutes,
        speed_kmh,
        oneway: first.oneway,
        properties,
    }
}
