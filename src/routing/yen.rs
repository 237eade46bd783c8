//! Yen's k shortest loopless routes, with an optional diversity filter.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Filter, Route, Router, Unreachable, Workspace};

/// Options of [`Router::k_routes`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KRoutesOptions {
    /// Number of routes wanted (default 3).
    pub k: usize,
    /// Diversity: skip an alternative that shares more than this fraction of its length with
    /// a better route already kept (e.g. `Some(0.8)`); `None` keeps every loopless route.
    pub max_shared: Option<f64>,
    /// With `max_shared`, stop after this many loopless routes were examined (default 50),
    /// so that a network with few distinct alternatives does not enumerate forever.
    pub max_examined: usize,
}

impl Default for KRoutesOptions {
    fn default() -> Self {
        Self {
            k: 3,
            max_shared: None,
            max_examined: 50,
        }
    }
}

impl Router<'_> {
    /// Up to `options.k` loopless routes from `from` to `to` in non-decreasing cost (Yen
    /// 1971), distinct as segment sequences (two routes over parallel segments are two
    /// routes). Bans are masks applied while relaxing arcs: the network is never rebuilt.
    ///
    /// With `max_shared`, an alternative is kept only if it shares at most that fraction of
    /// its own length with every route kept before it.
    ///
    /// # Arguments
    /// * `ws`: reusable search buffers from [`Router::workspace`].
    /// * `from`, `to`: hub indices.
    /// * `options`: `k`, the diversity limit `max_shared` and its examination cap.
    /// * `filter`: hubs and segments to avoid in every route.
    ///
    /// # Returns
    /// The routes, best first (at least one), or [`Unreachable`] when there is none.
    ///
    /// # Complexity
    /// Yen: up to `k · n` spur searches of `O(m + n log n)` each, `O(k n (m + n log n))`
    /// (with `max_shared`, `k` is replaced by the number of routes examined).
    ///
    /// # Panics
    /// If a hub index is out of range.
    ///
    /// # Example
    /// Two hubs joined by a road and a rail segment of equal length:
    /// ```text
    ///   a ==road== b
    ///   a ==rail== b
    /// ```
    /// ```
    /// use corridors::routing::{KRoutesOptions, Router, RouterOptions};
    /// let net = corridors::fixtures::road_and_rail();
    /// let router = Router::new(&net, &RouterOptions::default())?;
    /// let mut ws = router.workspace();
    /// let routes = router.k_routes(&mut ws, 0, 1, &KRoutesOptions::default(), None).unwrap();
    /// assert_eq!(routes.len(), 2); // parallel segments are distinct routes
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn k_routes(
        &self,
        ws: &mut Workspace,
        from: usize,
        to: usize,
        options: &KRoutesOptions,
        filter: Option<&Filter>,
    ) -> std::result::Result<Vec<Route>, Unreachable> {
        let first = self.route(ws, from, to, filter)?;
        let mut kept: Vec<Route> = Vec::new();
        if options.k == 0 {
            return Ok(kept);
        }
        let net = self.network();
        let keep = |r: &Route, kept: &[Route]| match options.max_shared {
            None => true,
            Some(x) => kept
                .iter()
                .all(|q| r.shared_length_m(q, net) <= x * r.length_m),
        };
        let limit = if options.max_shared.is_some() {
            options.max_examined.max(options.k)
        } else {
            options.k
        };
        let n = net.hub_count();
        let m = net.segment_count();
        // Bans of the current spur search, valid while equal to `stamp` (no clearing).
        let mut ban_hub = vec![0u32; n];
        let mut ban_seg = vec![0u32; m];
        let mut stamp = 0u32;
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        // Candidates: cheapest first (costs ≥ 0, so IEEE bits order like values), then first
        // found, as NetworkX. The routes live in `pool`, indexed by the second key.
        let mut heap: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
        let mut pool: Vec<Option<Route>> = Vec::new();
        seen.insert(first.segments.clone());
        let mut found: Vec<Route> = vec![first];
        kept.push(found[0].clone());
        while kept.len() < options.k && found.len() < limit {
            let prev = found
                .last()
                .cloned()
                .expect("invariant: found is never empty"); // invariant: seeded with the shortest route
            for i in 0..prev.segments.len() {
                let spur = prev.hubs[i];
                stamp += 1;
                for p in &found {
                    if p.segments.len() > i
                        && p.hubs[..=i] == prev.hubs[..=i]
                        && p.segments[..i] == prev.segments[..i]
                    {
                        ban_seg[p.segments[i]] = stamp;
                    }
                }
                for &h in &prev.hubs[..i] {
                    ban_hub[h] = stamp;
                }
                let blocked = |v: usize, e: usize| {
                    ban_hub[v] == stamp
                        || ban_seg[e] == stamp
                        || filter.is_some_and(|f| f.hub_removed(v) || f.segment_removed(e))
                };
                ws.run(self.csr(), spur, Some(to), blocked);
                let Some((spur_hubs, spur_segs)) = ws.path_to(to) else {
                    continue;
                };
                let mut hubs = prev.hubs[..i].to_vec();
                hubs.extend(spur_hubs);
                let mut segs = prev.segments[..i].to_vec();
                segs.extend(spur_segs);
                if seen.insert(segs.clone()) {
                    let route = self.make_route(hubs, segs);
                    heap.push(Reverse((route.cost.to_bits(), pool.len())));
                    pool.push(Some(route));
                }
            }
            let Some(Reverse((_, k))) = heap.pop() else {
                break;
            };
            let next = pool[k]
                .take()
                .expect("invariant: each candidate is popped once"); // invariant: heap holds each index once
            if keep(&next, &kept) {
                kept.push(next.clone());
            }
            found.push(next);
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
    use crate::routing::RouterOptions;

    /// a — b — d and a — c — d, plus a direct a — d and a b — c link; weights set per test.
    fn ladder() -> Network {
        let mut b = NetworkBuilder::new();
        for (id, lon, lat) in [
            ("a", -92.0, 15.0),
            ("b", -92.5, 15.5),
            ("c", -91.5, 15.5),
            ("d", -92.0, 16.0),
        ] {
            b.add_hub(Hub::new(id, HubKind::Transit, lon, lat));
        }
        for (id, s, t) in [
            ("ab", "a", "b"),
            ("ac", "a", "c"),
            ("bd", "b", "d"),
            ("cd", "c", "d"),
            ("ad", "a", "d"),
            ("bc", "b", "c"),
        ] {
            b.add_segment(SegmentSpec::between(id, s, t));
        }
        b.build().unwrap().0
    }

    fn routes(k: usize, max_shared: Option<f64>) -> Vec<Vec<String>> {
        let net = ladder();
        // ab 1, ac 2, bd 1, cd 2, ad 5, bc 1: a-b-d 2, a-b-c-d 4, a-c-d 4, a-c-b-d 4, a-d 5
        let w = vec![1.0, 2.0, 1.0, 2.0, 5.0, 1.0];
        let r = Router::with_weights(&net, w, &RouterOptions::default()).unwrap();
        let mut ws = r.workspace();
        let opts = KRoutesOptions {
            k,
            max_shared,
            ..Default::default()
        };
        r.k_routes(&mut ws, 0, 3, &opts, None)
            .unwrap()
            .iter()
            .map(|x| x.segment_ids(&net))
            .collect()
    }

    #[test]
    fn yen_lists_loopless_routes_by_cost() {
        let all = routes(10, None);
        // every loopless a → d route, once each, cheapest first
        assert_eq!(all.len(), 5);
        assert_eq!(all[0], ["ab", "bd"]);
        assert_eq!(all[4], ["ad"]);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        // the three routes of cost 4 come before the direct segment
        assert!(all[1..4].iter().all(|r| r.len() >= 2));
    }

    #[test]
    fn k_caps_and_diversity_skips_near_copies() {
        assert_eq!(routes(2, None).len(), 2);
        assert!(routes(0, None).is_empty());
        // sharing at most 0 of their length with a kept route leaves disjoint routes only
        let disjoint = routes(5, Some(0.0));
        assert_eq!(disjoint[0], ["ab", "bd"]);
        for r in &disjoint[1..] {
            assert!(!r.iter().any(|s| s == "ab" || s == "bd"), "{r:?}");
        }
    }
}
