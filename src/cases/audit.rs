//! Secondary suppression and the differencing audit behind the
//! [`PrivacyGuard`](crate::cases::PrivacyGuard).
//!
//! # The attacker model
//!
//! An attacker sees **every file of one run** (the case layer with its per-segment, per-hub,
//! per-route and per-pair tables, the whole-network total, and what the command line prints)
//! and knows how the counts were made (the counting code is public). So they know:
//!
//! * **published cells**: a number `p` (the count is exactly `p`, or in `p..p + r − 1` with
//!   rounding to a multiple of `r`); zeros are always published, so every suppressed count is
//!   at least 1 (victims: at least 0, a case may have no victim recorded);
//! * **relations** among the cells, which the counting code guarantees:
//!   * point cases: a case counts on its segment and at both end hubs, so a hub's count is the
//!     **sum** of its incident segments' counts (cases and victims), and the whole-network
//!     total is the sum of the segments';
//!   * itineraries (distinct cases on routes): a case on a segment passes both its end hubs,
//!     so a hub's count is **at least** each incident segment's and **at most** their sum;
//!     the cases that start (end) at a hub are at most the hub's count, so the per-pair counts
//!     of one origin (destination) sum to at most that hub's count; the total is at least
//!     every hub's count and the sum of the pairs', and at most the sum of the hubs';
//!   * route labels: their counts sum to at most the total.
//!
//! The guard does not take these relations on trust: it keeps a relation only where it holds
//! exactly on the counts being published (so a relation that holds by coincidence is audited
//! too, which can only make the guard more careful).
//!
//! # Secondary suppression
//!
//! After primary suppression (counts from 1 to `k − 1`), the audit asks for every suppressed
//! small count whether the values **1** and **`k − 1`** are both still possible: whether some
//! assignment of **non-negative integers** to the unknown cells satisfies all published
//! numbers and all relations with that cell at 1, and another with it at `k − 1`. Each
//! question is first solved as a linear program (continuous unknowns); a program without a
//! solution has no integer solution either, and an integral solution answers the integer
//! question; only a fractional one is solved again with integer unknowns (branch and bound).
//! So the audit is exact for the integer attacker, not a relaxation: a cell whose values
//! jump in steps of two (a parity a continuous attacker would miss) fails it.
//!
//! While a cell fails, further published cells linked to it are suppressed, cheapest first:
//! a single cell that repairs the failure on its own (those in a relation with the failing
//! cell first, each group by smallest count), else the pair with the smallest sum among the
//! cheapest candidates. Suppressing a cell only removes information, so the feasible sets
//! only grow and the loop ends. Then every added cell is published again where the later
//! additions made it unnecessary, and two added cells are replaced by one where that passes.
//!
//! # The fewest extra cells
//!
//! The greedy answer is only the starting point (the incumbent) of an exact search for the
//! **fewest** extra cells the audit accepts. Suppressing more cells only widens what an
//! attacker can infer, so if a suppressed set fails the audit, every subset of it fails too.
//! The search is cut generation with a minimum hitting-set master:
//!
//! 1. the master problem picks the fewest candidate cells (published non-zero cells; ties
//!    broken by the smallest sum of counts) that hit every cut so far, exactly, by branch and
//!    bound per connected component of the cuts, started from the greedy answer;
//! 2. if its set is no smaller than the greedy answer, the greedy answer is minimal; else
//!    the set is audited in full: if every small count passes, it is the minimum;
//! 3. otherwise the failing set is grown to a **maximal** failing one (candidates added in a
//!    fixed order, largest counts first, in chunks that double while the table still fails
//!    and halve when it passes, so the cells that repair it on their own are found one by
//!    one), and the cut "at least one cell outside it" is added: every passing set contains
//!    such a cell, since the others are subsets of a failing set.
//!
//! The master's optimum never exceeds the true minimum, so it is a lower bound at every
//! step. The audit is not decomposed ahead of the search: a published total links every
//! block (a cell far away can protect a count through it), so blocks of relations are not
//! independent; the master is, per component of its cuts, which is sound whatever links
//! the cells. The search stops after [`EXACT_WORK_LIMIT`] programs (a count of solver
//! calls, not a time, so the answer does not depend on the machine, its load or the number
//! of threads) or two million branch-and-bound nodes of the master; the greedy answer is then
//! published and reported as not proven minimal, with the master's lower bound
//! ([`AuditReport::secondary_minimal`], [`AuditReport::secondary_lower_bound`]). The
//! victims table, whose cells are suppressed wherever the cases are, gets its own search.
//!
//! The programs are small: the unknowns are only the suppressed (or rounded) cells, and they
//! are solved per connected block of relations that link them. A long relation (the total)
//! joins every block; each question is then first put to smaller programs where that is
//! sound (the block of short relations without the long ones: no solution there, none at
//! all; with them, the other unknowns held at their true values: a solution there is one
//! of the whole block), and an integer solution found once answers its question again
//! while the bounds of the cells it moved still allow it. Relations implied by the bounds
//! alone are left out.
//!
//! # Limits
//!
//! * Repeated runs with other thresholds or date windows publish other numbers of the same
//!   cases; differences between runs are outside this model. **Publish one threshold and one
//!   window.**
//! * The lower end of a cell is its **structural minimum**, not always 1: the smallest value
//!   the relations allow when every non-zero cell is unknown (at least `floor`) and only the
//!   zeros are known. With point cases a hub with `s` non-zero segments holds at least `s`
//!   cases whatever is suppressed (zeros are published, so each suppressed segment holds at
//!   least 1); the audit asks that the published numbers teach nothing more, i.e. that the
//!   cell may still be `max(1, s)`, with every other unknown at least `floor` as the attacker
//!   knows. (An earlier version checked the value 1 with the other unknowns at least 0, which
//!   let a published hub and its published neighbours push a segment's lower end from 1 to 2:
//!   found on the shipped data by `scripts/attack_published.py`.)
//! * Expected (share-weighted) counts are shown only where the distinct count is published;
//!   they are fractional and not audited as relations.
//! * Minimality: the extra cells are the fewest the audit accepts when the report says
//!   `secondary_minimal` (the exact search finished; the tests compare it with an exhaustive
//!   search on small point and itinerary networks, with and without rounding). The problem
//!   is NP-hard in general: on a table where the search reaches [`EXACT_WORK_LIMIT`] the
//!   greedy answer is published with a lower bound. Minimal is counted in cells (cases
//!   first, then victims given the cases), not in the information the cells carry.

use std::collections::{BTreeSet, VecDeque};

use good_lp::{
    ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp, variable,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How a linear relation compares with zero: `Σ coef · x = 0` or `Σ coef · x ≤ 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    /// `Σ coef · value = 0`.
    Eq,
    /// `Σ coef · value ≤ 0`.
    Le,
}

/// One linear relation among the cells of a table, `Σ coef · value {=, ≤} 0`, that an
/// attacker knows from how the counts are made (e.g. a hub's point cases are the sum of its
/// segments').
///
/// ```
/// use corridors::cases::audit::Relation;
/// // cell 2 is the sum of cells 0 and 1; cell 0 is at most cell 2
/// let sum = Relation::sum(2, &[0, 1]);
/// assert!(sum.holds(&[4, 30, 34]));
/// assert!(!sum.holds(&[4, 30, 35]));
/// assert!(Relation::at_most(&[0], 2).holds(&[4, 30, 34]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    terms: Vec<(usize, i64)>,
    cmp: Cmp,
}

impl Relation {
    /// `Σ coef · value[cell] {=, ≤} 0` for `terms` of `(cell, coef)`.
    pub fn new(terms: Vec<(usize, i64)>, cmp: Cmp) -> Self {
        Self { terms, cmp }
    }

    /// `value[whole] = Σ value[parts]`.
    pub fn sum(whole: usize, parts: &[usize]) -> Self {
        Self::new(
            std::iter::once((whole, 1))
                .chain(parts.iter().map(|&p| (p, -1)))
                .collect(),
            Cmp::Eq,
        )
    }

    /// `value[whole] ≤ Σ value[parts]`.
    pub fn at_most_sum(whole: usize, parts: &[usize]) -> Self {
        Self::new(Self::sum(whole, parts).terms, Cmp::Le)
    }

    /// `Σ value[parts] ≤ value[whole]`.
    pub fn at_most(parts: &[usize], whole: usize) -> Self {
        Self::new(
            parts
                .iter()
                .map(|&p| (p, 1))
                .chain(std::iter::once((whole, -1)))
                .collect(),
            Cmp::Le,
        )
    }

    /// The `(cell, coefficient)` terms.
    pub fn terms(&self) -> &[(usize, i64)] {
        &self.terms
    }

    /// `=` or `≤`.
    pub fn cmp(&self) -> Cmp {
        self.cmp
    }

    /// Whether the relation holds on the true values (`false` when a term refers to no
    /// value).
    pub fn holds(&self, values: &[u64]) -> bool {
        let mut s: i128 = 0;
        for &(i, c) in &self.terms {
            let Some(&v) = values.get(i) else {
                return false;
            };
            s += i128::from(c) * i128::from(v);
        }
        match self.cmp {
            Cmp::Eq => s == 0,
            Cmp::Le => s <= 0,
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
    /// Linear programs solved (continuous and integer).
    pub lps_solved: usize,
    /// Of those, integer programs (needed where a continuous solution was fractional).
    #[serde(default)]
    pub integer_programs: usize,
    /// The solver.
    pub solver: String,
    /// Whether `secondary` and `secondary_victims` are proven the fewest cells the audit
    /// accepts (the exact search finished within [`EXACT_WORK_LIMIT`]); `false` when the
    /// greedy answer was published because the limit was reached.
    ///
    /// ```
    /// use corridors::cases::PrivacyGuard;
    /// use corridors::cases::audit::Relation;
    /// let (_, audit) = PrivacyGuard::default()
    ///     .suppression(&[4, 30, 25, 59], &[Relation::sum(3, &[0, 1, 2])])?;
    /// assert!(audit.secondary_minimal);
    /// assert_eq!(audit.secondary_lower_bound, audit.secondary);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    #[serde(default)]
    pub secondary_minimal: bool,
    /// A lower bound on the fewest secondary cells of the cases table that the audit accepts
    /// (equal to `secondary` when it is proven minimal).
    ///
    /// ```
    /// let audit = corridors::cases::audit::AuditReport::default();
    /// assert!(audit.secondary_lower_bound <= audit.secondary);
    /// ```
    #[serde(default)]
    pub secondary_lower_bound: usize,
    /// The same for the victims table (`secondary_victims`).
    ///
    /// ```
    /// let audit = corridors::cases::audit::AuditReport::default();
    /// assert!(audit.secondary_victims_lower_bound <= audit.secondary_victims);
    /// ```
    #[serde(default)]
    pub secondary_victims_lower_bound: usize,
    /// Cuts (sets of cells of which at least one must be suppressed) the exact search
    /// generated, cases and victims together.
    ///
    /// ```
    /// use corridors::cases::PrivacyGuard;
    /// use corridors::cases::audit::Relation;
    /// // 4 + 30 + 25 = 59: suppressing nothing more fails, so at least one cut is needed
    /// let (_, audit) = PrivacyGuard::default()
    ///     .suppression(&[4, 30, 25, 59], &[Relation::sum(3, &[0, 1, 2])])?;
    /// assert!(audit.cuts >= 1);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    #[serde(default)]
    pub cuts: usize,
}

/// The suppression decision for one table of values.
pub(crate) struct Protected {
    /// `Some(published value)` or `None` when suppressed.
    pub published: Vec<Option<u64>>,
    pub relations: usize,
    pub primary: usize,
    pub secondary: usize,
    pub lps: usize,
    pub ips: usize,
    /// Whether `secondary` is proven the fewest cells the audit accepts.
    pub minimal: bool,
    /// A lower bound on the fewest secondary cells (equal to `secondary` when `minimal`).
    pub lower_bound: usize,
    /// Cuts generated by the exact search.
    pub cuts: usize,
}

/// The bounds an attacker knows for one cell.
fn bounds(published: Option<u64>, floor: u64, rounding: u64) -> (f64, f64) {
    match published {
        None => (floor as f64, f64::INFINITY),
        Some(p) if rounding > 1 && p > 0 => (p as f64, (p + rounding - 1) as f64),
        Some(p) => (p as f64, p as f64),
    }
}

/// Protects one table: primary suppression by `publish`, `forced` cells suppressed from
/// outside (e.g. victims where the cases are), then secondary suppression until every
/// suppressed small count passes the audit.
///
/// * `values`: true values; `publish`: the published form of a value (rounding), `None`
///   when the guard suppresses it on its own.
/// * `floor`: the smallest value a suppressed cell can have (1 for cases, 0 for victims);
///   see the module docs for the lower end.
/// * `k`: the threshold; a protected cell must allow both 1 and `k − 1`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn protect(
    values: &[u64],
    publish: &dyn Fn(u64) -> Option<u64>,
    forced: &[bool],
    relations: &[Relation],
    floor: u64,
    k: u64,
    rounding: u64,
) -> Result<Protected> {
    protect_within(
        values,
        publish,
        forced,
        relations,
        floor,
        k,
        rounding,
        EXACT_WORK_LIMIT,
    )
}

/// [`protect`] with the exact search limited to `limit` programs (see
/// [`EXACT_WORK_LIMIT`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn protect_within(
    values: &[u64],
    publish: &dyn Fn(u64) -> Option<u64>,
    forced: &[bool],
    relations: &[Relation],
    floor: u64,
    k: u64,
    rounding: u64,
    limit: usize,
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
    // the primary publication, where the exact search starts from
    let base = published.clone();
    // the cells whose small true value must stay hidden (a cell suppressed to protect them
    // holds `k` or more: pinning it reveals no small count, and any narrowing of a small
    // count through it is seen by the audit of the small one)
    let small: Vec<bool> = (0..n)
        .map(|i| published[i].is_none() && (1..k).contains(&values[i]))
        .collect();
    let mut must: VecDeque<usize> = (0..n).filter(|&i| small[i]).collect();
    let primary = published.iter().filter(|p| p.is_none()).count();
    let ctx = Ctx::new(values, relations, floor, k, rounding)?;
    if k <= 1 || must.is_empty() {
        return Ok(Protected {
            published,
            relations: 0,
            primary,
            secondary: 0,
            lps: 0,
            ips: 0,
            minimal: true,
            lower_bound: 0,
            cuts: 0,
        });
    }
    let mut added: Vec<(usize, usize)> = Vec::new();
    let mut checked = BTreeSet::new();
    while let Some(c) = must.pop_front() {
        loop {
            let block = ctx.block(c, &published);
            checked.extend(block.1.iter().copied());
            if ctx.passes(c, &block, &published)? {
                break;
            }
            let chosen = ctx.cheapest_fix(c, &block, values, &mut published)?;
            for i in chosen {
                published[i] = None;
                added.push((i, c));
            }
        }
    }
    // pruning: a cell added early may have become unnecessary through cells added later;
    // publish it again where every small count of its block still passes (the count it was
    // added for first: it is the one most likely to fail)
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(added.len());
    for &(s, reason) in &added {
        published[s] = publish(values[s]);
        if ctx.all_pass_around(&[s], &[reason], &small, &published)? {
            continue;
        }
        published[s] = None;
        kept.push((s, reason));
    }
    // local search: two added cells replaced by one (greedy choices made for one small count
    // at a time can miss a cell that protects two), within a fixed budget of programs so the
    // result does not depend on timing
    let budget = ctx.lps.get() + SWAP_BUDGET;
    let mut improved = true;
    while improved && ctx.lps.get() < budget {
        improved = false;
        'pairs: for a in 0..kept.len() {
            for b in a + 1..kept.len() {
                if ctx.lps.get() >= budget {
                    break 'pairs;
                }
                let ((sa, ra), (sb, rb)) = (kept[a], kept[b]);
                published[sa] = publish(values[sa]);
                published[sb] = publish(values[sb]);
                let mut cand: Vec<usize> = ctx
                    .near(ra, &published)
                    .into_iter()
                    .chain(ctx.near(rb, &published))
                    .filter(|&i| i != sa && i != sb)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                cand.sort_by_key(|&i| (values[i], i));
                for c in cand {
                    published[c] = None;
                    if ctx.all_pass_around(&[c, sa, sb], &[ra, rb], &small, &published)? {
                        kept.remove(b);
                        kept[a] = (c, ra);
                        improved = true;
                        break 'pairs;
                    }
                    published[c] = publish(values[c]);
                }
                published[sa] = None;
                published[sb] = None;
            }
        }
    }
    // exact search: the fewest extra cells, by cut generation from the greedy incumbent
    let greedy: Vec<usize> = kept.iter().map(|&(s, _)| s).collect();
    let exact = exact_search(&ctx, &base, &small, &greedy, limit)?;
    let mut secondary = kept.len();
    if let Some(set) = &exact.set {
        published = base.clone();
        for &i in set {
            published[i] = None;
        }
        secondary = set.len();
        // the published answer is audited in full once more (and its blocks counted)
        for c in (0..n).filter(|&c| small[c]) {
            let b = ctx.block(c, &published);
            checked.extend(b.1.iter().copied());
            if !ctx.passes(c, &b, &published)? {
                return Err(Error::invalid(
                    "agg",
                    "secondary suppression: the exact search returned a set the audit rejects",
                ));
            }
        }
    }
    Ok(Protected {
        published,
        relations: checked.len(),
        primary,
        secondary,
        lps: ctx.lps.get(),
        ips: ctx.ips.get(),
        minimal: exact.minimal,
        lower_bound: exact.lower_bound,
        cuts: exact.cuts,
    })
}

/// The outcome of the exact search of one table.
struct Exact {
    /// The cells to suppress beyond the primary ones, `None` to keep the greedy answer
    /// (proven minimal, or the work limit was reached).
    set: Option<Vec<usize>>,
    /// Whether the answer is proven to add the fewest cells.
    minimal: bool,
    /// A lower bound on the fewest extra cells (equal to the answer when `minimal`).
    lower_bound: usize,
    /// Cuts generated.
    cuts: usize,
}

/// The exact minimal secondary suppression (see the module docs): cut generation with a
/// minimum hitting-set master. `base` is the table after primary (and forced) suppression,
/// `small` the cells to protect, `greedy` the greedy answer (a passing set: the incumbent
/// and the fallback), `limit` the programs the search may solve.
fn exact_search(
    ctx: &Ctx,
    base: &[Option<u64>],
    small: &[bool],
    greedy: &[usize],
    limit: usize,
) -> Result<Exact> {
    if greedy.is_empty() {
        return Ok(Exact {
            set: None,
            minimal: true,
            lower_bound: 0,
            cuts: 0,
        });
    }
    let n = base.len();
    let open = |i: usize| matches!(base[i], Some(p) if p > 0);
    // the candidates: published non-zero cells, in a fixed order (index)
    let cand: Vec<usize> = (0..n).filter(|&i| open(i)).collect();
    let mut pos = vec![usize::MAX; n];
    for (j, &i) in cand.iter().enumerate() {
        pos[i] = j;
    }
    let cost: Vec<u64> = cand.iter().map(|&i| ctx.values[i]).collect();
    let incumbent: Vec<usize> = greedy
        .iter()
        .map(|&i| pos[i])
        .filter(|&j| j != usize::MAX)
        .collect();
    if incumbent.len() != greedy.len() {
        return Err(Error::invalid(
            "agg",
            "secondary suppression: a greedy cell is not a candidate",
        ));
    }
    // the order in which cells are added when a failing set is grown: the largest counts
    // first, so a cut holds the cheapest cells that repair the failure
    let mut growth: Vec<usize> = (0..cand.len()).collect();
    growth.sort_by_key(|&j| (std::cmp::Reverse(cost[j]), j));
    // the small counts
    let order: Vec<usize> = (0..n).filter(|&c| small[c]).collect();
    let start = ctx.lps.get();
    let over = || ctx.lps.get() - start >= limit;
    let mut cuts: Vec<Vec<usize>> = Vec::new();
    let mut lower_bound = 0;
    let mut nodes = 0usize;
    let fallback = |lower_bound: usize, cuts: usize| Exact {
        set: None,
        minimal: false,
        lower_bound,
        cuts,
    };
    loop {
        let Some(set) = min_hitting_set(&cuts, &cost, &incumbent, &mut nodes, MASTER_NODES) else {
            return Ok(fallback(lower_bound, cuts.len()));
        };
        lower_bound = lower_bound.max(set.len());
        if set.len() >= incumbent.len() {
            // no smaller set hits every cut: the greedy answer is minimal
            return Ok(Exact {
                set: None,
                minimal: true,
                lower_bound: incumbent.len(),
                cuts: cuts.len(),
            });
        }
        if over() {
            return Ok(fallback(lower_bound, cuts.len()));
        }
        let mut published = base.to_vec();
        for &j in &set {
            published[cand[j]] = None;
        }
        let failing = failing(ctx, &order, &published)?;
        let Some(&x) = failing.first() else {
            let mut cells: Vec<usize> = set.iter().map(|&j| cand[j]).collect();
            cells.sort_unstable();
            return Ok(Exact {
                set: Some(cells),
                minimal: true,
                lower_bound: set.len(),
                cuts: cuts.len(),
            });
        };
        // grow the failing set to a maximal one: chunks of candidates are added while the
        // table still fails (doubling after a success, halving after a failure), so the
        // cells that repair it on their own are found one by one
        let mut in_set = vec![false; cand.len()];
        for &j in &set {
            in_set[j] = true;
        }
        let rest: Vec<usize> = growth.iter().copied().filter(|&j| !in_set[j]).collect();
        // a count that passes with the master's set passes with every superset
        let mut passed: Vec<bool> = (0..n).map(|c| small[c]).collect();
        for &c in &failing {
            passed[c] = false;
        }
        let mut cur = x;
        let mut cut: Vec<usize> = Vec::new();
        let (mut i, mut step) = (0, 1);
        while i < rest.len() {
            if over() {
                return Ok(fallback(lower_bound, cuts.len()));
            }
            let end = (i + step).min(rest.len());
            for &j in &rest[i..end] {
                published[cand[j]] = None;
            }
            if still_fails(ctx, &order, &published, &mut cur, &mut passed)? {
                i = end;
                step *= 2;
            } else {
                for &j in &rest[i..end] {
                    published[cand[j]] = base[cand[j]];
                }
                if end - i == 1 {
                    cut.push(rest[i]);
                    i += 1;
                    step = 1;
                } else {
                    step = (end - i) / 2;
                }
            }
        }
        if cut.is_empty() {
            // every candidate suppressed and still failing: the greedy answer contradicts
            // this (it passes), so the programs disagree; keep the greedy answer
            return Ok(fallback(lower_bound, cuts.len()));
        }
        cut.sort_unstable();
        cuts.push(cut);
    }
}

/// The small counts of `order` that fail with `published`.
fn failing(ctx: &Ctx, order: &[usize], published: &[Option<u64>]) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for &c in order {
        let b = ctx.block(c, published);
        if !ctx.passes(c, &b, published)? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Whether some small count still fails with `published` (a superset of a failing set):
/// `cur` (failing before) first, then the others not known to pass. A count that passes
/// here passes on every superset, which `passed` records when the answer is yes (the set
/// is kept); `cur` becomes the failing count.
fn still_fails(
    ctx: &Ctx,
    order: &[usize],
    published: &[Option<u64>],
    cur: &mut usize,
    passed: &mut [bool],
) -> Result<bool> {
    let b = ctx.block(*cur, published);
    if !ctx.passes(*cur, &b, published)? {
        return Ok(true);
    }
    let mut seen = vec![*cur];
    for &c in order {
        if c == *cur || passed[c] {
            continue;
        }
        let b = ctx.block(c, published);
        if !ctx.passes(c, &b, published)? {
            for s in seen {
                passed[s] = true;
            }
            *cur = c;
            return Ok(true);
        }
        seen.push(c);
    }
    Ok(false)
}

/// How many branch-and-bound nodes the master problems of one table may use in all.
const MASTER_NODES: usize = 2_000_000;

/// A minimum hitting set of `cuts` (each a sorted list of candidates, every one to be hit):
/// fewest candidates first, then the smallest sum of `cost`. Solved exactly by branch and
/// bound per connected component of the cuts, each started from `incumbent` (a set that
/// hits every cut) restricted to it. `None` when the `nodes` counter passes `max_nodes`.
fn min_hitting_set(
    cuts: &[Vec<usize>],
    cost: &[u64],
    incumbent: &[usize],
    nodes: &mut usize,
    max_nodes: usize,
) -> Option<Vec<usize>> {
    let m = cost.len();
    // components of the cuts (union-find over candidates)
    let mut parent: Vec<usize> = (0..m).collect();
    fn find(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    for cut in cuts {
        for w in cut.windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (ci, cut) in cuts.iter().enumerate() {
        if let Some(&first) = cut.first() {
            let r = find(&mut parent, first);
            comps.entry(r).or_default().push(ci);
        }
    }
    let in_incumbent: BTreeSet<usize> = incumbent.iter().copied().collect();
    let mut out = Vec::new();
    for (_, members) in comps {
        let elems: Vec<usize> = members
            .iter()
            .flat_map(|&ci| cuts[ci].iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let local = |i: usize| elems.binary_search(&i).unwrap_or(usize::MAX);
        let lcuts: Vec<Vec<usize>> = members
            .iter()
            .map(|&ci| cuts[ci].iter().map(|&i| local(i)).collect())
            .collect();
        let lcost: Vec<u64> = elems.iter().map(|&i| cost[i]).collect();
        let start: Vec<usize> = elems
            .iter()
            .enumerate()
            .filter(|(_, i)| in_incumbent.contains(i))
            .map(|(l, _)| l)
            .collect();
        let mut bb = HittingSet {
            cuts: &lcuts,
            cost: &lcost,
            chosen: vec![false; elems.len()],
            excluded: vec![false; elems.len()],
            best_key: (start.len(), start.iter().map(|&l| lcost[l]).sum()),
            best: start,
            nodes,
            max_nodes,
        };
        if !bb.search(0, 0) {
            return None;
        }
        out.extend(bb.best.iter().map(|&l| elems[l]));
    }
    out.sort_unstable();
    Some(out)
}

/// The branch and bound of one component of [`min_hitting_set`].
struct HittingSet<'a> {
    cuts: &'a [Vec<usize>],
    cost: &'a [u64],
    chosen: Vec<bool>,
    excluded: Vec<bool>,
    best: Vec<usize>,
    best_key: (usize, u64),
    nodes: &'a mut usize,
    max_nodes: usize,
}

impl HittingSet<'_> {
    /// Explores the node with `count` chosen cells of total `cost`; `false` when the node
    /// limit was reached.
    fn search(&mut self, count: usize, cost: u64) -> bool {
        *self.nodes += 1;
        if *self.nodes > self.max_nodes {
            return false;
        }
        // the cuts not hit yet, by how many cells may still hit them
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (ci, cut) in self.cuts.iter().enumerate() {
            if cut.iter().any(|&e| self.chosen[e]) {
                continue;
            }
            let avail = cut.iter().filter(|&&e| !self.excluded[e]).count();
            if avail == 0 {
                return true; // no completion
            }
            open.push((avail, ci));
        }
        if open.is_empty() {
            if (count, cost) < self.best_key {
                self.best_key = (count, cost);
                self.best = (0..self.chosen.len()).filter(|&e| self.chosen[e]).collect();
            }
            return true;
        }
        open.sort_unstable();
        // lower bound: pairwise disjoint open cuts each need a cell of their own
        let mut taken = vec![false; self.chosen.len()];
        let (mut more, mut more_cost) = (0usize, 0u64);
        for &(_, ci) in &open {
            let cut = &self.cuts[ci];
            if cut.iter().any(|&e| !self.excluded[e] && taken[e]) {
                continue;
            }
            more += 1;
            more_cost += cut
                .iter()
                .filter(|&&e| !self.excluded[e])
                .map(|&e| self.cost[e])
                .min()
                .unwrap_or(0);
            for &e in cut {
                taken[e] = true;
            }
        }
        if (count + more, cost + more_cost) >= self.best_key {
            return true;
        }
        // branch on the open cut with the fewest cells: each of its cells in turn, cheapest
        // first, the ones tried before excluded
        let mut branch: Vec<usize> = self.cuts[open[0].1]
            .iter()
            .copied()
            .filter(|&e| !self.excluded[e])
            .collect();
        branch.sort_by_key(|&e| (self.cost[e], e));
        let mut done = true;
        for &e in &branch {
            self.chosen[e] = true;
            let ok = self.search(count + 1, cost + self.cost[e]);
            self.chosen[e] = false;
            self.excluded[e] = true;
            if !ok {
                done = false;
                break;
            }
        }
        for &e in &branch {
            self.excluded[e] = false;
        }
        done
    }
}

/// The data of one audit.
struct Ctx<'a> {
    /// The true values (the cells outside a program are constants at these).
    values: &'a [u64],
    /// The relations that hold on the values.
    rels: Vec<&'a Relation>,
    /// The relations of each cell.
    of_cell: Vec<Vec<usize>>,
    floor: u64,
    /// The structural minimum of each cell (see the module docs): what the zeros alone imply.
    structural: Vec<u64>,
    k: u64,
    rounding: u64,
    lps: std::cell::Cell<usize>,
    ips: std::cell::Cell<usize>,
    /// The last integer solution found per question (cell, value, floor), as the cells
    /// where it differs from the true values: it answers the question again for free while
    /// the cells' bounds still allow it (suppressing more only widens them).
    witnesses: std::cell::RefCell<std::collections::HashMap<(usize, u64, u64), Witness>>,
}

/// An integer solution as `(cell, value)` where it differs from the true values.
type Witness = Vec<(usize, u64)>;

/// How many of the cheapest candidates are tried in pairs when no single one repairs a cell.
const PAIR_CANDIDATES: usize = 8;

/// How many programs the local search (two added cells replaced by one) may solve.
const SWAP_BUDGET: usize = 600;

/// How many programs (continuous and integer) the exact search for the fewest secondary
/// cells may solve per table before the guard publishes the greedy answer instead and
/// reports it as not proven minimal ([`AuditReport::secondary_minimal`]), with the lower
/// bound the search proved. A count of solver calls, not a time, so the answer does not
/// depend on the machine, its load or the number of threads.
///
/// ```
/// use corridors::cases::audit::EXACT_WORK_LIMIT;
/// assert!(EXACT_WORK_LIMIT >= 1_000);
/// ```
pub const EXACT_WORK_LIMIT: usize = 50_000;

/// Relations with more terms than this (a total over the whole network) are "long": a
/// program is first tried on the block of short relations only (see [`Ctx::possible`]).
const LONG: usize = 24;

/// How many other blocks (of the largest unknowns in a long relation) may move with a
/// cell's own before the whole block is solved.
const ABSORBERS: usize = 3;

/// Solutions closer than this to an integer count as integral.
const INTEGRAL: f64 = 1e-6;

impl<'a> Ctx<'a> {
    fn new(
        values: &'a [u64],
        relations: &'a [Relation],
        floor: u64,
        k: u64,
        rounding: u64,
    ) -> Result<Self> {
        let n = values.len();
        if let Some(r) = relations
            .iter()
            .find(|r| r.terms.iter().any(|&(i, _)| i >= n))
        {
            let worst = r.terms.iter().map(|&(i, _)| i).max().unwrap_or(0);
            return Err(Error::invalid(
                "relations",
                format!("a relation refers to cell {worst} of a table of {n}"),
            ));
        }
        // only relations that hold on the data (see the module docs)
        let rels: Vec<&Relation> = relations
            .iter()
            .filter(|r| r.terms.len() > 1 && r.holds(values))
            .collect();
        let mut of_cell: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (ri, r) in rels.iter().enumerate() {
            for &(i, _) in &r.terms {
                if of_cell[i].last() != Some(&ri) {
                    of_cell[i].push(ri);
                }
            }
        }
        let structural = structural_minimum(values, &rels, &of_cell, floor);
        Ok(Self {
            values,
            rels,
            of_cell,
            floor,
            structural,
            k,
            rounding,
            lps: Default::default(),
            ips: Default::default(),
            witnesses: Default::default(),
        })
    }

    /// The published non-zero cells in a relation with cell `c`.
    fn near(&self, c: usize, published: &[Option<u64>]) -> BTreeSet<usize> {
        self.of_cell[c]
            .iter()
            .flat_map(|&r| self.rels[r].terms.iter().map(|&(i, _)| i))
            .filter(|&i| matches!(published[i], Some(p) if p > 0))
            .collect()
    }

    /// Whether every small count in the blocks of `changed` passes, the counts in `first`
    /// checked first (they are the most likely to fail).
    fn all_pass_around(
        &self,
        changed: &[usize],
        first: &[usize],
        small: &[bool],
        published: &[Option<u64>],
    ) -> Result<bool> {
        let mut order: Vec<usize> = first.iter().copied().filter(|&c| small[c]).collect();
        let mut rest = BTreeSet::new();
        for &s in changed {
            // the block grown from a cell, published or not, reaches every unknown linked to
            // it: the small counts whose programs contain one of its relations
            rest.extend(self.block(s, published).0.into_iter().filter(|&c| small[c]));
        }
        order.extend(rest.into_iter().filter(|c| !first.contains(c)));
        for c in order {
            let b = self.block(c, published);
            if !self.passes(c, &b, published)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The cells to suppress for a failing cell `c`: the cheapest single candidate that
    /// repairs it on its own (candidates in a relation with `c` first); else the cheapest
    /// pair (smallest sum of counts) among the [`PAIR_CANDIDATES`] cheapest that does; else
    /// the cheapest candidate next to `c`, and the loop goes on. `published` is restored.
    fn cheapest_fix(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        values: &[u64],
        published: &mut [Option<u64>],
    ) -> Result<Vec<usize>> {
        let open = |i: usize, published: &[Option<u64>]| matches!(published[i], Some(p) if p > 0);
        let near = self.near(c, published);
        let mut far: Vec<usize> = block
            .1
            .iter()
            .flat_map(|&r| self.rels[r].terms.iter().map(|&(i, _)| i))
            .filter(|&i| open(i, published) && !near.contains(&i))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut near: Vec<usize> = near.into_iter().collect();
        let by_cost = |&i: &usize| (values[i], i);
        near.sort_by_key(by_cost);
        far.sort_by_key(by_cost);
        let Some(&first) = near.first().or(far.first()) else {
            return Err(Error::invalid(
                "agg",
                "secondary suppression found no cell to suppress (inconsistent relations)",
            ));
        };
        let try_with = |set: &[usize], published: &mut [Option<u64>]| -> Result<bool> {
            let saved: Vec<Option<u64>> = set.iter().map(|&i| published[i]).collect();
            for &i in set {
                published[i] = None;
            }
            let b = self.block(c, published);
            let ok = self.passes(c, &b, published);
            for (&i, s) in set.iter().zip(saved) {
                published[i] = s;
            }
            ok
        };
        // the cells far from `c` (linked through a long relation, such as the total) rarely
        // repair it alone: only the cheapest of them are tried
        for &i in near.iter().chain(far.iter().take(PAIR_CANDIDATES)) {
            if try_with(&[i], published)? {
                return Ok(vec![i]);
            }
        }
        let mut all: Vec<usize> = near.iter().chain(&far).copied().collect();
        all.sort_by_key(by_cost);
        let mut tried = BTreeSet::new();
        for few in [
            &near[..near.len().min(PAIR_CANDIDATES)],
            &all[..all.len().min(PAIR_CANDIDATES)],
        ] {
            let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
            for (a, &i) in few.iter().enumerate() {
                for &j in &few[a + 1..] {
                    let (i, j) = (i.min(j), i.max(j));
                    if tried.insert((i, j)) {
                        pairs.push((values[i] + values[j], i, j));
                    }
                }
            }
            pairs.sort_unstable();
            for (_, i, j) in pairs {
                if try_with(&[i, j], published)? {
                    return Ok(vec![i, j]);
                }
            }
        }
        Ok(vec![first])
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
                if self.redundant(r, published) || !rels.insert(r) {
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

    /// Whether relation `r` is implied by the bounds of its cells alone (every unknown at
    /// least 0, the weakest floor): `Σ coef · x ≤ 0` where the left side cannot exceed 0,
    /// e.g. "the total is at most the sum of the hubs" when the published hubs alone sum to
    /// more than the total. Leaving it out of a program changes no answer, and keeps a
    /// long relation from joining every block of the network.
    fn redundant(&self, r: usize, published: &[Option<u64>]) -> bool {
        let rel = self.rels[r];
        if rel.cmp != Cmp::Le {
            return false;
        }
        let mut max = 0.0;
        for &(i, coef) in &rel.terms {
            let (lo, hi) = bounds(published[i], 0, self.rounding);
            let v = if coef > 0 { hi } else { lo };
            if !v.is_finite() {
                return false;
            }
            max += coef as f64 * v;
        }
        max <= 0.0
    }

    /// The block of cell `c` through short relations only: (cells, short relations, long
    /// relations touching those cells), all sorted.
    fn local_block(
        &self,
        c: usize,
        published: &[Option<u64>],
    ) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut cells = BTreeSet::from([c]);
        let (mut short, mut long) = (BTreeSet::new(), BTreeSet::new());
        let mut stack = vec![c];
        while let Some(i) = stack.pop() {
            for &r in &self.of_cell[i] {
                if self.redundant(r, published) {
                    continue;
                }
                if self.rels[r].terms.len() > LONG {
                    long.insert(r);
                    continue;
                }
                if !short.insert(r) {
                    continue;
                }
                for &(j, _) in &self.rels[r].terms {
                    if self.free(j, published) && cells.insert(j) {
                        stack.push(j);
                    }
                }
            }
        }
        (
            cells.into_iter().collect(),
            short.into_iter().collect(),
            long.into_iter().collect(),
        )
    }

    /// Whether an integer attacker must still allow both the structural minimum of cell `c`
    /// (1, or more where the zeros alone imply more) and `k − 1`.
    fn passes(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
    ) -> Result<bool> {
        let low = self.structural[c].clamp(1, self.k - 1);
        // the upper end first: most leaks pin a count, and then the lower end is not needed
        Ok(self.possible(c, block, published, self.k - 1, self.floor)?
            && self.possible(c, block, published, low, self.floor)?)
    }

    /// Builds the program of a block with cell `c` fixed to `at` (or free, objective `c`
    /// minimised or maximised) and the other unknowns at least `floor`; `integer` unknowns
    /// or continuous ones. Returns the solved values of `c` and whether every unknown is
    /// integral, `None` when infeasible, `Some(INFINITY)` when unbounded.
    #[allow(clippy::too_many_arguments)]
    fn solve(
        &self,
        c: usize,
        (cells, rels): &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        at: Option<u64>,
        maximise: bool,
        floor: u64,
        integer: bool,
    ) -> Result<Option<(f64, Option<Witness>)>> {
        let mut vars = ProblemVariables::new();
        let xs: Vec<Variable> = cells
            .iter()
            .map(|&i| {
                let (lo, hi) = match (i == c, at) {
                    (true, Some(v)) => (v as f64, v as f64),
                    _ => bounds(published[i], floor, self.rounding),
                };
                let v = variable().min(lo);
                let v = if hi.is_finite() { v.max(hi) } else { v };
                vars.add(if integer { v.integer() } else { v })
            })
            .collect();
        let var_of = |i: usize| cells.binary_search(&i).ok().map(|p| xs[p]);
        let Some(x) = var_of(c) else {
            return Err(Error::invalid(
                "cell",
                "the audited cell is not in its block",
            )); // unreachable: a block starts at its cell
        };
        let problem = if maximise {
            vars.maximise(x)
        } else {
            vars.minimise(x)
        };
        let mut model = problem.using(microlp);
        for &r in rels {
            let rel = self.rels[r];
            let mut e = good_lp::Expression::from(0.0);
            for &(i, coef) in &rel.terms {
                let coef = coef as f64;
                match var_of(i) {
                    Some(v) => e += coef * v,
                    // a cell outside the program is a constant: a published exact cell
                    // (its true value), or one held at its true value (see `possible`)
                    None => e += coef * self.values[i] as f64,
                }
            }
            model = model.with(match rel.cmp {
                Cmp::Eq => e.eq(0.0),
                Cmp::Le => e.leq(0.0),
            });
        }
        if integer {
            self.ips.set(self.ips.get() + 1);
        }
        self.lps.set(self.lps.get() + 1);
        match model.solve() {
            Ok(s) => {
                let values: Vec<f64> = xs.iter().map(|&v| s.value(v)).collect();
                let integral = values.iter().all(|&v| (v - v.round()).abs() < INTEGRAL)
                    || self.rounds_to_solution(c, (cells, rels), published, at, floor, &values);
                let witness = integral.then(|| {
                    cells
                        .iter()
                        .zip(&values)
                        .map(|(&i, &v)| (i, v.round().max(0.0) as u64))
                        .filter(|&(i, v)| v != self.values[i])
                        .collect()
                });
                Ok(Some((s.value(x), witness)))
            }
            Err(ResolutionError::Unbounded) => Ok(Some((f64::INFINITY, None))),
            Err(ResolutionError::Infeasible) => Ok(None),
            Err(e) => Err(Error::invalid(
                "agg",
                format!("privacy audit: linear program failed ({e})"),
            )),
        }
    }

    /// Whether the fractional solution `values` of a block, rounded to the nearest
    /// integers, still meets every bound and relation: then it is an integer witness and
    /// no integer program is needed.
    fn rounds_to_solution(
        &self,
        c: usize,
        (cells, rels): (&[usize], &[usize]),
        published: &[Option<u64>],
        at: Option<u64>,
        floor: u64,
        values: &[f64],
    ) -> bool {
        let rounded: Vec<f64> = values.iter().map(|v| v.round()).collect();
        let in_bounds = cells.iter().zip(&rounded).all(|(&i, &v)| {
            let (lo, hi) = match (i == c, at) {
                (true, Some(a)) => (a as f64, a as f64),
                _ => bounds(published[i], floor, self.rounding),
            };
            v >= lo && v <= hi
        });
        in_bounds
            && rels.iter().all(|&r| {
                let rel = self.rels[r];
                let s: f64 = rel
                    .terms
                    .iter()
                    .map(|&(i, coef)| {
                        let v = match cells.binary_search(&i) {
                            Ok(p) => rounded[p],
                            Err(_) => self.values[i] as f64,
                        };
                        coef as f64 * v
                    })
                    .sum();
                match rel.cmp {
                    Cmp::Eq => s == 0.0,
                    Cmp::Le => s <= 0.0,
                }
            })
    }

    /// Whether some non-negative integer assignment of the block's unknowns (at least
    /// `floor`, cell `c` at `value`) satisfies every published number and relation: the
    /// continuous program first, the integer one only where its solution is fractional.
    fn possible(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        value: u64,
        floor: u64,
    ) -> Result<bool> {
        if block.1.is_empty() {
            // no relation: only the cell's own bounds, which every suppressed cell meets
            return Ok(true);
        }
        let key = (c, value, floor);
        if let Some(w) = self.witnesses.borrow().get(&key)
            && self.still_holds(w, published, floor)
        {
            return Ok(true);
        }
        let found = self.find_witness(c, block, published, value, floor)?;
        Ok(match found {
            Some(w) => {
                self.witnesses.borrow_mut().insert(key, w);
                true
            }
            None => false,
        })
    }

    /// Whether an integer solution found earlier still meets the bounds of its cells (it
    /// meets every relation: they do not change).
    fn still_holds(&self, w: &Witness, published: &[Option<u64>], floor: u64) -> bool {
        w.iter().all(|&(i, v)| {
            let (lo, hi) = bounds(published[i], floor, self.rounding);
            v as f64 >= lo && v as f64 <= hi
        })
    }

    /// An integer solution of the question of [`Ctx::possible`], or `None` when there is
    /// none.
    fn find_witness(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
        value: u64,
        floor: u64,
    ) -> Result<Option<Witness>> {
        // a long relation (a total) makes the block span the network, and its programs
        // slow; two small programs on the block of short relations settle most questions
        // soundly: without the long relations (fewer constraints: no solution there, none at
        // all), and with them but the unknowns outside held at their true values (more
        // constraints: an integral solution there is one of the whole block)
        let (cells, short, long) = self.local_block(c, published);
        // only worth it where the short relations leave a much smaller block
        if !long.is_empty() && cells.len() * 2 <= block.0.len() {
            let relaxed = (cells, short);
            if self
                .solve(c, &relaxed, published, Some(value), false, floor, false)?
                .is_none()
            {
                return Ok(None);
            }
            let (cells, mut rels) = relaxed;
            rels.extend(long.iter().copied());
            rels.sort_unstable();
            let restricted = (cells, rels);
            if let Some((_, Some(w))) =
                self.solve(c, &restricted, published, Some(value), false, floor, false)?
            {
                return Ok(Some(w));
            }
            // a total pins the sum of the block's cells when the rest is held: let the
            // blocks of the largest other unknowns of the long relations move too (still a
            // restriction of the whole block, so a solution is one)
            let (mut cells, mut rels) = restricted;
            let mut others: Vec<usize> = long
                .iter()
                .flat_map(|&r| self.rels[r].terms.iter().map(|&(i, _)| i))
                .filter(|&i| self.free(i, published) && cells.binary_search(&i).is_err())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            others.sort_by_key(|&i| (std::cmp::Reverse(self.values[i]), i));
            let mut grown = false;
            for &j in others.iter().take(ABSORBERS) {
                if cells.binary_search(&j).is_ok() {
                    continue;
                }
                // every relation of a cell that moves is kept: its short ones and its long
                // ones, with the cells outside held at their true values
                let (more_cells, more_short, more_long) = self.local_block(j, published);
                cells.extend(more_cells);
                rels.extend(more_short);
                rels.extend(more_long);
                cells.sort_unstable();
                cells.dedup();
                rels.sort_unstable();
                rels.dedup();
                grown = true;
            }
            if grown && cells.len() * 2 <= block.0.len() {
                let wider = (cells, rels);
                if let Some((_, Some(w))) =
                    self.solve(c, &wider, published, Some(value), false, floor, false)?
                {
                    return Ok(Some(w));
                }
            }
        }
        match self.solve(c, block, published, Some(value), false, floor, false)? {
            None => Ok(None),
            Some((_, Some(w))) => Ok(Some(w)),
            Some((_, None)) => Ok(self
                .solve(c, block, published, Some(value), false, floor, true)?
                .and_then(|(_, w)| w)),
        }
    }

    /// The smallest and largest integer value of cell `c` consistent with the published
    /// numbers and the relations of its block (`f64::INFINITY` when unbounded), the other
    /// unknowns at least `floor`.
    #[cfg(test)]
    fn interval(
        &self,
        c: usize,
        block: &(Vec<usize>, Vec<usize>),
        published: &[Option<u64>],
    ) -> Result<(f64, f64)> {
        let lo = self.solve(c, block, published, None, false, self.floor, true)?;
        let hi = self.solve(c, block, published, None, true, self.floor, true)?;
        let hi = hi.map_or(f64::NAN, |h| {
            if h.0 >= i32::MAX as f64 {
                f64::INFINITY
            } else {
                h.0
            }
        });
        Ok((lo.map_or(f64::NAN, |l| l.0), hi))
    }
}

/// The structural minimum of every cell: a lower bound propagated through `rels` with each
/// non-zero cell at least `floor` and unbounded above, each zero cell 0. A relation
/// `Σ a·x ≤ 0` (an equality both ways) bounds a cell `x_j` with `a_j < 0` from below by
/// `Σ_{a_i > 0} a_i·lo_i / |a_j|` when every other term with a negative coefficient is a zero
/// cell (an unknown one is unbounded above, so it bounds nothing). For the relations the
/// guard writes (a hub or a total as a sum or an upper bound of its parts) this is the exact
/// minimum: a hub of point cases gets its number of non-zero segments.
fn structural_minimum(
    values: &[u64],
    rels: &[&Relation],
    of_cell: &[Vec<usize>],
    floor: u64,
) -> Vec<u64> {
    let mut lo: Vec<u64> = values
        .iter()
        .map(|&v| if v == 0 { 0 } else { floor })
        .collect();
    // a worklist of relations whose cells' bounds moved; bounds only grow, and each is
    // at most the cell's true value, so this ends
    let mut queue: VecDeque<usize> = (0..rels.len()).collect();
    let mut queued = vec![true; rels.len()];
    while let Some(r) = queue.pop_front() {
        queued[r] = false;
        let rel = rels[r];
        let signs: &[i64] = if rel.cmp == Cmp::Eq { &[1, -1] } else { &[1] };
        for &sign in signs {
            for &(j, aj) in &rel.terms {
                let aj = sign * aj;
                if aj >= 0 || values[j] == 0 {
                    continue;
                }
                let mut bound: i128 = 0;
                let mut bounded = true;
                for &(i, ai) in &rel.terms {
                    let ai = sign * ai;
                    if i == j {
                        continue;
                    }
                    if ai > 0 {
                        bound += i128::from(ai) * i128::from(lo[i]);
                    } else if ai < 0 && values[i] != 0 {
                        bounded = false;
                        break;
                    }
                }
                if !bounded {
                    continue;
                }
                let a = i128::from(aj.unsigned_abs());
                let need = u64::try_from((bound + a - 1) / a).unwrap_or(u64::MAX);
                // invariant: the relation holds on the values, so `need` ≤ values[j]
                let need = need.min(values[j]);
                if need > lo[j] {
                    lo[j] = need;
                    for &q in &of_cell[j] {
                        if !queued[q] {
                            queued[q] = true;
                            queue.push_back(q);
                        }
                    }
                }
            }
        }
    }
    lo
}

/// Which cells of a table to suppress, for tables outside [`PrivacyGuard::publish`]
/// (e.g. statistics per unit that reveal the unit's count): the cells whose count is from 1
/// to `k − 1` (primary) and those suppressed further so that no small count can be narrowed
/// through `relations` (secondary). The relations that do not hold on `counts` are ignored.
///
/// See [`PrivacyGuard::suppression`](crate::cases::PrivacyGuard::suppression).
pub(crate) fn suppression(
    counts: &[u64],
    publish: &dyn Fn(u64) -> Option<u64>,
    relations: &[Relation],
    floor: u64,
    k: u64,
    rounding: u64,
) -> Result<Protected> {
    protect(counts, publish, &[], relations, floor, k, rounding)
}

/// The integer interval of every suppressed cell of a table (for tests).
#[cfg(test)]
pub(crate) fn intervals(
    values: &[u64],
    published: &[Option<u64>],
    relations: &[Relation],
    floor: u64,
    rounding: u64,
) -> Result<Vec<Option<(f64, f64)>>> {
    let ctx = Ctx::new(values, relations, floor, 2, rounding)?;
    (0..values.len())
        .map(|i| {
            if published[i].is_some() {
                return Ok(None);
            }
            let b = ctx.block(i, published);
            ctx.interval(i, &b, published).map(Some)
        })
        .collect()
}

/// Whether every suppressed cell with a small true value passes the audit (for tests).
#[cfg(test)]
pub(crate) fn all_pass(
    values: &[u64],
    published: &[Option<u64>],
    relations: &[Relation],
    floor: u64,
    k: u64,
    rounding: u64,
) -> Result<bool> {
    let ctx = Ctx::new(values, relations, floor, k, rounding)?;
    for i in 0..values.len() {
        if published[i].is_none() && (1..k).contains(&values[i]) {
            let b = ctx.block(i, published);
            if !ctx.passes(i, &b, published)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_integer_attacker_is_audited_not_its_relaxation() {
        // cells x (true 5), z (true 15, suppressed from outside), u (published 25) with
        // 2z = x + u: a continuous attacker allows x = 10 (z = 17.5), an integer one does
        // not (x + u must be even, so x is odd): x is narrowed to odd values, and u must go
        let values = [5, 15, 25];
        let rel = [Relation::new(vec![(1, 2), (0, -1), (2, -1)], Cmp::Eq)];
        let publish = |v: u64| (v >= 11).then_some(v);
        let p = protect(&values, &publish, &[false, true, false], &rel, 1, 11, 1).unwrap();
        assert_eq!(p.published, vec![None, None, None]);
        assert_eq!(p.secondary, 1);
        assert!(
            p.ips > 0,
            "the fractional relaxation was solved again in integers"
        );
        // the relaxation alone would have accepted the table without u suppressed
        let ctx = Ctx::new(&values, &rel, 1, 11, 1).unwrap();
        let only_x = [None, None, Some(25)];
        let b = ctx.block(0, &only_x);
        assert!(
            ctx.solve(0, &b, &only_x, Some(10), false, 1, false)
                .unwrap()
                .is_some()
        );
        assert!(!ctx.passes(0, &b, &only_x).unwrap());
        assert!(all_pass(&values, &p.published, &rel, 1, 11, 1).unwrap());
    }

    #[test]
    fn the_lower_end_is_checked_against_what_the_zeros_alone_imply() {
        // segments e1..e4 = 2, 10, 1, 5 (cells 0..3); hubs a = e1 + e4 = 7, b = e1 + e2 = 12,
        // c = e2 + e3 = 11, d = e3 = 1, y = e4 = 5 (cells 4..8). Primary suppression publishes
        // b and c only. Every suppressed count is at least 1 (zeros are published), so
        // e3 = 11 − e2 = e1 − 1 ≥ 1 gives e1 ≥ 2: the value 1 is ruled out for e1.
        let values = [2, 10, 1, 5, 7, 12, 11, 1, 5];
        let rels = [
            Relation::sum(4, &[0, 3]),
            Relation::sum(5, &[0, 1]),
            Relation::sum(6, &[1, 2]),
            Relation::sum(7, &[2]),
            Relation::sum(8, &[3]),
        ];
        let publish = |v: u64| (v >= 11).then_some(v);
        let primary: Vec<Option<u64>> = values.iter().map(|&v| publish(v)).collect();
        let ctx = Ctx::new(&values, &rels, 1, 11, 1).unwrap();
        // a segment may hold 1 whatever the zeros say; hub a has two non-zero segments
        assert_eq!(ctx.structural[0], 1);
        assert_eq!(ctx.structural[4], 2);
        assert_eq!(ctx.structural[5], 2);
        let b = ctx.block(0, &primary);
        assert!(!ctx.passes(0, &b, &primary).unwrap());
        // the earlier check (e1 = 1 with the other unknowns at least 0: e3 = 0) accepted it
        assert!(ctx.possible(0, &b, &primary, 1, 0).unwrap());
        let iv = intervals(&values, &primary, &rels, 1, 1).unwrap();
        assert_eq!(iv[0].map(|(lo, _)| lo), Some(2.0));
        let p = protect(&values, &publish, &[], &rels, 1, 11, 1).unwrap();
        assert_eq!(p.secondary, 1);
        assert!(all_pass(&values, &p.published, &rels, 1, 11, 1).unwrap());
        // hub a stays suppressed at its structural lower end 2 and passes: e1 + e4 ≥ 2 is
        // known from the zeros alone, nothing published narrows it further
        let iv = intervals(&values, &p.published, &rels, 1, 1).unwrap();
        assert_eq!(iv[4].map(|(lo, _)| lo), Some(2.0));
        assert_eq!(iv[0].map(|(lo, _)| lo), Some(1.0));
    }

    #[test]
    fn relations_that_do_not_hold_are_ignored_and_bad_cells_rejected() {
        let publish = |v: u64| (v >= 11).then_some(v);
        // 3 ≠ 20 + 30: not a relation of these counts, so no secondary suppression
        let p = protect(
            &[3, 20, 30],
            &publish,
            &[],
            &[Relation::sum(0, &[1, 2])],
            1,
            11,
            1,
        )
        .unwrap();
        assert_eq!(p.secondary, 0);
        assert!(protect(&[3], &publish, &[], &[Relation::sum(0, &[1])], 1, 11, 1).is_err());
    }
}
