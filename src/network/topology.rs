//! Connectivity of the undirected corridor graph: components, bridges, articulation points.
//!
//! Parallel segments (a road and a rail line between the same hubs) are distinct edges, so
//! neither of them is a bridge. Self-loops are ignored.

/// Undirected multigraph view: per hub, the incident `(neighbour, segment)` pairs.
pub(crate) struct Adjacency {
    adj: Vec<Vec<(usize, usize)>>,
}

impl Adjacency {
    pub(crate) fn new(n: usize, edges: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut adj = vec![Vec::new(); n];
        for (e, (a, b)) in edges.enumerate() {
            if a != b {
                adj[a].push((b, e));
                adj[b].push((a, e));
            }
        }
        Self { adj }
    }

    /// Connected components as lists of hub indices, largest first (ties: lowest hub first).
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        let n = self.adj.len();
        let mut comp = vec![usize::MAX; n];
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut stack = Vec::new();
        for s in 0..n {
            if comp[s] != usize::MAX {
                continue;
            }
            let c = out.len();
            comp[s] = c;
            stack.push(s);
            let mut members = Vec::new();
            while let Some(u) = stack.pop() {
                members.push(u);
                for &(v, _) in &self.adj[u] {
                    if comp[v] == usize::MAX {
                        comp[v] = c;
                        stack.push(v);
                    }
                }
            }
            members.sort_unstable();
            out.push(members);
        }
        out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        out
    }

    /// Bridges (segment indices) and articulation points (hub indices), both sorted.
    ///
    /// Iterative Tarjan low-link; the edge to the parent is skipped by segment id, not by
    /// hub, so that parallel segments protect each other.
    pub(crate) fn bridges_and_articulation_points(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.adj.len();
        let mut disc = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut bridges = Vec::new();
        let mut is_art = vec![false; n];
        let mut time = 0usize;
        // Frame: (node, parent edge, next adjacency position, child count)
        let mut stack: Vec<(usize, usize, usize, usize)> = Vec::new();
        for root in 0..n {
            if disc[root] != usize::MAX {
                continue;
            }
            disc[root] = time;
            low[root] = time;
            time += 1;
            stack.push((root, usize::MAX, 0, 0));
            while let Some(frame) = stack.last_mut() {
                let (u, pe, pos) = (frame.0, frame.1, frame.2);
                if pos < self.adj[u].len() {
                    frame.2 += 1;
                    let (v, e) = self.adj[u][pos];
                    if e == pe {
                        continue;
                    }
                    if disc[v] == usize::MAX {
                        frame.3 += 1;
                        disc[v] = time;
                        low[v] = time;
                        time += 1;
                        stack.push((v, e, 0, 0));
                    } else {
                        low[u] = low[u].min(disc[v]);
                    }
                } else {
                    let children = frame.3;
                    stack.pop();
                    if let Some(parent) = stack.last() {
                        let p = parent.0;
                        low[p] = low[p].min(low[u]);
                        if low[u] > disc[p] {
                            bridges.push(pe);
                        }
                        if parent.1 != usize::MAX && low[u] >= disc[p] {
                            is_art[p] = true;
                        }
                    } else if children > 1 {
                        is_art[u] = true;
                    }
                }
            }
        }
        bridges.sort_unstable();
        let arts = (0..n).filter(|&i| is_art[i]).collect();
        (bridges, arts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_graph_everything_is_a_bridge() {
        let g = Adjacency::new(4, [(0, 1), (1, 2), (2, 3)].into_iter());
        let (b, a) = g.bridges_and_articulation_points();
        assert_eq!(b, vec![0, 1, 2]);
        assert_eq!(a, vec![1, 2]);
        assert_eq!(g.components(), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn parallel_edges_are_not_bridges() {
        let g = Adjacency::new(3, [(0, 1), (0, 1), (1, 2)].into_iter());
        let (b, a) = g.bridges_and_articulation_points();
        assert_eq!(b, vec![2]);
        assert_eq!(a, vec![1]);
    }

    #[test]
    fn cycle_has_no_bridges_and_two_components() {
        let g = Adjacency::new(5, [(0, 1), (1, 2), (2, 0), (3, 4)].into_iter());
        let (b, a) = g.bridges_and_articulation_points();
        assert_eq!(b, vec![3]);
        assert!(a.is_empty());
        assert_eq!(g.components(), vec![vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn root_with_two_children_is_articulation() {
        // Bow tie: two triangles sharing hub 0.
        let g = Adjacency::new(
            5,
            [(0, 1), (1, 2), (2, 0), (0, 3), (3, 4), (4, 0)].into_iter(),
        );
        let (b, a) = g.bridges_and_articulation_points();
        assert!(b.is_empty());
        assert_eq!(a, vec![0]);
    }
}
