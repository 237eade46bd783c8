//! Secondary suppression and the differencing audit behind the
//! [`PrivacyGuard`](crate::cases::PrivacyGuard).
//!
//! # The attacker model
//!
//! An attacker sees every file of one run (the case layer with its per-segment, per-hub,
//! per-route and per-pair tables) and knows how the counts were made (the counting code is
//! public). So they know:
//!
//! * **published cells**: a number `p` (the count is exactly `p`, or in `p..p + r − 1` with
//!   rounding to a multiple of `r`); zeros are always published, so every suppressed count is
//!   at least 1 (victims: at least 0, a case may have no victim recorded);
//! * **relations** among the cells, which the counting code guarantees:
//!   * point cases: a case counts on its segment and at both end hubs, so a hub's count is the
//!     **sum** of its incident segments' counts (cases and victims);
//!   * itineraries (distinct cases on routes): a case on a segment passes both its end hubs,
//!     so a hub's count is **at least** each incident segment's and **at most** their sum;
//!     the cases that start (end) at a hub are at most the hub's count, so the per-pair counts
//!     of one origin (destination) sum to at most that hub's count.
//!
//! The guard does not take these relations on trust: it keeps a relation only where it holds
//! exactly on the counts being published (so a relation that holds by coincidence is audited
//! too, which can only make the guard more careful).
//!
//! # Secondary suppression
//!
//! After primary suppression (counts from 1 to `k − 1`), the audit computes for every
//! suppressed cell the smallest and largest value consistent with all published numbers and
//! all relations: two linear programs (minimise, maximise) over non-negative unknowns. A
//! primary cell passes when that interval contains `1..=k − 1`, i.e. the attacker cannot
//! rule out any small count. While a cell fails, further published cells linked to it are
//! suppressed, cheapest first (smallest count, then lowest index), preferring a single cell
//! that repairs the failure on its own. Suppressing a cell only removes information, so the
//! intervals only widen and the loop ends.
//!
//! The linear programs are small: the unknowns are only the suppressed (or rounded) cells,
//! and they are solved per connected block of relations that link them, so a network of
//! thousands of segments with a handful of suppressed cells solves a handful of tiny LPs.
//!
//! # Limits
//!
//! * Repeated runs with other thresholds or date windows publish other numbers of the same
//!   cases; differences between runs are outside this model. Publish one threshold and one
//!   window.
//! * The LP interval is an outer bound of the attacker's integer interval; the relations here
//!   (sums of a hub's segments) have integral data, and the audit requires the continuous
//!   interval to contain `1..=k − 1`.
//! * Expected (share-weighted) counts are shown only where the distinct count is published;
//!   they are fractional and not audited as relations.

use std::collections::{BTreeSet, VecDeque};

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp,
    variable,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How a linear relation compares with zero: `Σ coef · x = 0` or `Σ coef · x ≤ 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Le,
}

/// One linear relation among cells: `Σ coef · value {=, ≤} 0`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Relation {
    pub terms: Vec<(usize, f64)>,
    pub cmp: Cmp,
}

impl Relation {
    /// Whether the relation holds on the true values.
    pub fn holds(&self, values: &[u64]) -> bool {
        let s: f64 = self.terms.iter().map(|&(i, c)| c * values[i] as f64).sum();
        match self.cmp {
            Cmp::Eq => s == 0.0,
            Cmp::Le => s <= 0.0,
        }
    }
}

/// What the audit of one published output found, written into its `privacy` member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Linear relations among published and suppressed cells that were checked (cases and
    /// victims tables together).
    pub relations: usize,
    /// Cells suppressed because their own count is from 1 to `min_count − 1`.
    pub primary: usize,
    /// Cells suppressed further so that no suppressed count can be narrowed by the published
    /// ones (cases; a cell whose cases are suppressed has its victims suppressed too).
    pub secondary: usize,
    /// Victim counts suppressed further (their cases stay published).
    pub secondary_victims: usize,
    /// Linear programs solved.
    pub lps_solved: usize,
    /// The solver.
    pub solver: String,
}

/// The suppression decision for one table of values.
pub(crate) struct Protected {
    /// `Some(published value)` or `None` when suppressed.
    pub published: Vec<Option<u64>>,
    pub relations: usize,
    pub primary: usize,
    pub secondary: usize,
    pub lps: usize,
}

/// The bounds an attacker knows for one cell.
fn bounds(published: Option<u64>, floor: f64, rounding: u64) -> (f64, f64) {
    match published {
        None => (floor, f64::INFINITY),
        Some(p) if rounding > 1 && p > 0 => (p as f64, (p + rounding - 1) as f64),
        Some(p) => (p as f64, p as f64),
    }
}

/// Protects one table: primary suppression by `primary` (true = suppressed for its own
/// value), `forced` cells suppressed from outside (e.g. victims where the cases are), then
/// secondary suppression until every cell of `must_protect` passes the audit.
///
/// * `values`: true values; `publish`: the published form of a value (rounding), `None`
///   when the guard suppresses it on its own.
/// * `floor`: the smallest value a suppressed cell can have (1 for cases, 0 for victims).
///   The upper end of an attacker's interval is computed with it (the strongest attacker:
///   every suppressed count is at least `floor`); the lower end with non-negative unknowns,
///   since with `floor = 1` a hub with `s` suppressed segments is always known to have at
///   least `s` cases, a lower bound no suppression of non-zero cells can remove and which
///   bounds no count from above.
/// * `k`: the threshold; a protected cell's interval must contain `1..=k − 1`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn protect(
    values: &[u64],
    publish: &dyn Fn(u64) -> Option<u64>,
    forced: &[bool],
    relations: &[Relation],
    floor: f64,
    k: u64,
    rounding: u64,
) -> Result<Protected> {
    let n = values.len();
    let mut published: Vec<Option<u64>> = (0..n)
        .map(|i| {
            if forced.get(i).copied().unwrap_or(false) {
                None
            } else {
                publish(values[i])
            }
        })
        .collect();
    // the cells whose small true value must stay hidden (a cell suppressed to protect them
    // holds `k` or more: narrowing it reveals no small count, and any narrowing of a small
    // count through it is seen by the audit of the small one)
    let small: Vec<bool> = (0..n)
        .map(|i| published[i].is_none() && (1..k).contains(&values[i]))
        .collect();
    let mut must: VecDeque<usize> = (0..n).filter(|&i| small[i]).collect();
    let primary = published.iter().filter(|p| p.is_none()).count();
    // only relations that hold on the data (see the module docs)
    let rels: Vec<&Relation> = relations
        .iter()
        .filter(|r| r.terms.len() > 1 && r.holds(values))
        .collect();
    let mut of_cell: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (ri, r) in rels.iter().enumerate() {
        for &(i, _) in &r.terms {
            if i >= n {
                return Err(Error::invalid("relations", "a relation refers to no cell"));
            }
            of_cell[i].push(ri);
        }
    }
    let mut lps = 0usize;
    let mut added: Vec<usize> = Vec::new();
    if k <= 1 || must.is_empty() {
        return Ok(Protected {
            published,
            relations: 0,
            primary,
            secondary: 0,
            lps,
        });
    }
    let ctx = Ctx {
        rels: &rels,
        of_cell: &of_cell,
        floor,
        k,
        rounding,
    };
    let mut checked = BTreeSet::new();
    while let Some(c) = must.pop_front() {
        loop {
            let block = ctx.block(c, &published);
            for &r in &block.1 {
                checked.insert(r);
            }
            if ctx.passes(c, &block, &published, &mut lps)? {
                break;
            }
            // candidates: published non-zero cells in the relations of the block
            let mut cand: Vec<usize> = block
                .1
                .iter()
                .flat_map(|&r| ctx.rels[r].terms.iter().map(|&(i, _)| i))
                .filter(|&i| matches!(published[i], Some(p) if p > 0))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if cand.is_empty() {
                return Err(Error::invalid(
                    "agg",
                    "secondary suppression found no cell to suppress (inconsistent relations)",
                ));
            }
            cand.sort_by_key(|&i| (values[i], i));
            let chosen = ctx.cheapest_fix(c, &cand, values, &mut published, &mut lps)?;
            for &i in &chosen {
                published[i] = None;
                added.push(i);
            }
            continue;
        }
    }
    // pruning: a cell added early may have become unnecessary through cells added later;
    // publish it again where every small count of its block still passes
    let mut kept = Vec::with_capacity(added.len());
    for &s in &added {
        let (cells, _) = ctx.block(s, &published);
        published[s] = publish(values[s]);
        let mut ok = true;
        for &c in cells.iter().filter(|&&c| small[c]) {
            let b = ctx.block(c, &published);
            if !ctx.passes(c, &b, &published, &mut lps)? {
                ok = false;
                break;
            }
        }
        if !ok {
            published[s] = None;
            kept.push(s);
        }
    }
    let secondary = kept.len();
    Ok(Protected {
        published,
        relations: checked.len(),
        primary,
        secondary,
        lps,
    })
}

/// The data of one audit.
struct Ctx<'a> {
    rels: &'a [&'a Relation],
    of_cell: &'a [Vec<usize>],
    floor: f64,
    k: u64,
    rounding: u64,
}

/// How many of the cheapest candidates are tried in pairs when no single one repairs a cell.
const PAIR_CANDIDATES: usize = 12;

impl Ctx<'_> {
    /// The cells to suppress for a failing cell `c`: the cheapest single candidate that
    /// repairs it on its own; else the cheapest pair (smallest sum of counts) among the
    /// [`PAIR_CANDIDATES`] cheapest that does; else the cheapest candidate, and the loop goes
    /// on. `cand` is sorted cheapest first and not empty; `published` is restored.
    fn cheapest_fix(
        &self,
        c: usize,
        cand: &[usize],
        values: &[u64],
        published: &mut [Option<u64>],
        lps: &mut usize,
    ) -> Result<Vec<usize>> {
        let mut try_with = |set: &[usize], published: &mut [Option<u64>]| -> Result<bool> {
            let saved: Vec<Option<u64>> = set.iter().map(|&i| published[i]).collect();
            for &i in set {
                published[i] = None;
            }
            let b = self.block(c, published);
            let ok = self.passes(c, &b, published, lps);
            for (&i, s) in set.iter().zip(saved) {
                published[i] = s;
            }
            ok
        };
        for &i in cand {
            if try_with(&[i], published)? {
                return Ok(vec![i]);
            }
        }
        let few = &cand[..cand.len().min(PAIR_CANDIDATES)];
        let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
        for (a, &i) in few.iter().enumerate() {
            for &j in &few[a + 1..] {
                pairs.push((values[i] + values[j], i, j));
            }
        }
        pairs.sort_unstable();
        for (_, i, j) in pairs {
            if try_with(&[i, j], published)? {
                return Ok(vec![i, j]);
            }
        }
        Ok(vec![cand[0]])
    }

    /// Whether a cell is an unknown for the attacker (suppressed, or rounded).
    fn free(&self, i: usize, published: &[Option<u64>]) -> bool {
        let (lo, hi) = bounds(published[i], self.floor, self.rounding);
        lo < hi
    }

    /// The connected block of unknowns around cell `c`, linked by relations: (cells,
    /// relations), both sorted.
    fn block(&self, c: usize, published: &[Option<u64>]) -> (Vec<usize>, Vec<usize>) {
        let mut cells = BTreeSet::from([c]);
        let mut rels = BTreeSet::new();
        let mut stack = vec![c];
        while let Some(i) = stack.pop() {
            for &r in &self.of_cell[i] {
                if !rels.insert(r) {
                    continue;
                }
                for &(j, _) in &self.rels[r].terms {
                    if self.free(j, published) && cells.insert(j) {
                        stack.push(j);
                    }
                }
            }
        }
        (cells.into_iter().collect(), rels.into_iter().collect())
    }

    /// Whether the attacker's interval of cell `c` contains `1..=k − 1`.
    fn passes(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        lps: &mut usize,
    ) -> Result<bool> {
        // the upper end first: most leaks pin a count, and then the lower end is not needed
        let hi = self.bound(c, block, published, true, lps)?;
        if hi < (self.k - 1) as f64 - 1e-6 {
            return Ok(false);
        }
        Ok(self.bound(c, block, published, false, lps)? <= 1.0 + 1e-6)
    }

    /// The smallest and largest value of cell `c` consistent with the published numbers and
    /// the relations of its block (`f64::INFINITY` when unbounded).
    #[cfg(test)]
    fn interval(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        lps: &mut usize,
    ) -> Result<(f64, f64)> {
        Ok((
            self.bound(c, block, published, false, lps)?,
            self.bound(c, block, published, true, lps)?,
        ))
    }

    /// The largest (`maximise`) or smallest value of cell `c` given its block.
    fn bound(
        &self,
        c: usize,
        (cells, rels): &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        maximise: bool,
        lps: &mut usize,
    ) -> Result<f64> {
        {
            // the lower end with non-negative unknowns, the upper end with every suppressed
            // count at least `floor` (see `protect`)
            let floor = if maximise { self.floor } else { 0.0 };
            let mut vars = ProblemVariables::new();
            let xs: Vec<Variable> = cells
                .iter()
                .map(|&i| {
                    let (lo, hi) = bounds(published[i], floor, self.rounding);
                    let v = variable().min(lo);
                    vars.add(if hi.is_finite() { v.max(hi) } else { v })
                })
                .collect();
            let var_of = |i: usize| cells.binary_search(&i).ok().map(|p| xs[p]);
            let Some(x) = var_of(c) else {
                return Err(Error::invalid(
                    "cell",
                    "the audited cell is not in its block",
                )); // unreachable: block starts at c
            };
            let problem = if maximise {
                vars.maximise(x)
            } else {
                vars.minimise(x)
            };
            let mut model = problem.using(microlp);
            for &r in rels {
                let rel = self.rels[r];
                let mut e = Expression::from(0.0);
                for &(i, coef) in &rel.terms {
                    match var_of(i) {
                        Some(v) => e += coef * v,
                        // a published exact cell is a constant
                        None => e += coef * published[i].map_or(0.0, |p| p as f64),
                    }
                }
                model = model.with(match rel.cmp {
                    Cmp::Eq => e.eq(0.0),
                    Cmp::Le => e.leq(0.0),
                });
            }
            *lps += 1;
            match model.solve() {
                Ok(s) => Ok(s.value(x)),
                Err(ResolutionError::Unbounded) => Ok(f64::INFINITY),
                Err(e) => Err(Error::invalid(
                    "agg",
                    format!("privacy audit: linear program failed ({e})"),
                )),
            }
        }
    }
}

/// The attacker's interval of every suppressed cell of a table (for tests).
#[cfg(test)]
pub(crate) fn intervals(
    values: &[u64],
    published: &[Option<u64>],
    relations: &[Relation],
    floor: f64,
    rounding: u64,
) -> Result<Vec<Option<(f64, f64)>>> {
    let rels: Vec<&Relation> = relations
        .iter()
        .filter(|r| r.terms.len() > 1 && r.holds(values))
        .collect();
    let mut of_cell: Vec<Vec<usize>> = vec![Vec::new(); values.len()];
    for (ri, r) in rels.iter().enumerate() {
        for &(i, _) in &r.terms {
            of_cell[i].push(ri);
        }
    }
    let ctx = Ctx {
        rels: &rels,
        of_cell: &of_cell,
        floor,
        k: 0,
        rounding,
    };
    let mut lps = 0;
    (0..values.len())
        .map(|i| {
            if published[i].is_some() {
                return Ok(None);
            }
            let b = ctx.block(i, published);
            ctx.interval(i, &b, published, &mut lps).map(Some)
        })
        .collect()
}

/// Whether every suppressed cell with a small true value passes the audit (for tests).
#[cfg(test)]
pub(crate) fn all_pass(
    values: &[u64],
    published: &[Option<u64>],
    relations: &[Relation],
    floor: f64,
    k: u64,
    rounding: u64,
) -> Result<bool> {
    let rels: Vec<&Relation> = relations
        .iter()
        .filter(|r| r.terms.len() > 1 && r.holds(values))
        .collect();
    let mut of_cell: Vec<Vec<usize>> = vec![Vec::new(); values.len()];
    for (ri, r) in rels.iter().enumerate() {
        for &(i, _) in &r.terms {
            of_cell[i].push(ri);
        }
    }
    let ctx = Ctx {
        rels: &rels,
        of_cell: &of_cell,
        floor,
        k,
        rounding,
    };
    let mut lps = 0;
    for i in 0..values.len() {
        if published[i].is_none() && (1..k).contains(&values[i]) {
            let b = ctx.block(i, published);
            if !ctx.passes(i, &b, published, &mut lps)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}
