//! The privacy guard every aggregate writer applies.
//!
//! Counts below `min_count` (default 11, the Counter-Trafficking Data Collaborative rule)
//! are suppressed: published as `null` with `suppressed: true`. With `rounding = Some(r)`
//! published values are rounded *down* to a multiple of `r`; a value whose rounded form
//! falls below `min_count` is suppressed too, so no published value ever lies in
//! `1..min_count`.
//!
//! **Zeros are published as 0.** A zero is structural, not personal: it says that no case of
//! the input was mapped to a segment or hub of the (public) network, so it reveals nothing
//! about any person. It is not evidence that no trafficking happens there.
//!
//! The guard does not do secondary (complementary) suppression: per-segment, per-hub,
//! per-route and per-pair tables of the same cases are published side by side and no totals
//! are published, but a reader combining tables may still narrow a suppressed cell.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// Small-count suppression and rounding applied to every published count.
///
/// ```
/// use corridors::cases::PrivacyGuard;
/// let g = PrivacyGuard::default();
/// assert_eq!(g.publish(0), Some(0));
/// assert_eq!(g.publish(3), None); // suppressed
/// assert_eq!(g.publish(11), Some(11));
/// let r = PrivacyGuard { min_count: 11, rounding: Some(5) };
/// assert_eq!(r.publish(14), None); // rounds down to 10 < 11
/// assert_eq!(r.publish(17), Some(15));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyGuard {
    /// Smallest count published (default 11); counts `1..min_count` are suppressed.
    pub min_count: u32,
    /// Reporting resolution: round published counts down to a multiple of this.
    pub rounding: Option<u32>,
}

impl Default for PrivacyGuard {
    fn default() -> Self {
        Self {
            min_count: 11,
            rounding: None,
        }
    }
}

impl PrivacyGuard {
    /// Checks the parameters (`rounding` must be ≥ 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `rounding = Some(0)`.
    pub fn validate(&self) -> Result<()> {
        if self.rounding == Some(0) {
            return Err(Error::InvalidArgument(
                "privacy rounding must be at least 1".into(),
            ));
        }
        Ok(())
    }

    /// The published form of a count: `Some(value)` or `None` when suppressed.
    pub fn publish(&self, count: u64) -> Option<u64> {
        if count == 0 {
            return Some(0);
        }
        let v = match self.rounding {
            Some(r) if r > 1 => count / u64::from(r) * u64::from(r),
            _ => count,
        };
        if v < u64::from(self.min_count) || v == 0 {
            None
        } else {
            Some(v)
        }
    }

    /// Writes `cases`, `victims` (numbers or `null`) and `suppressed` into a JSON object.
    /// Victims are suppressed whenever cases are.
    pub fn write_counts(
        &self,
        props: &mut serde_json::Map<String, Value>,
        cases: u64,
        victims: u64,
    ) {
        let c = self.publish(cases);
        let v = if c.is_none() {
            None
        } else {
            self.publish(victims)
        };
        props.insert("cases".into(), c.map_or(Value::Null, Value::from));
        props.insert("victims".into(), v.map_or(Value::Null, Value::from));
        props.insert("suppressed".into(), json!(c.is_none() || v.is_none()));
    }

    /// The thresholds applied, for the output collection's `privacy` member.
    pub fn metadata(&self) -> Value {
        json!({
            "min_count": self.min_count,
            "rounding": self.rounding,
            "note": format!(
                "Counts of distinct cases and victims. Counts from 1 to {} are suppressed \
                 (null, suppressed: true){}; 0 means no case of the input was mapped here. \
                 No case ids or case coordinates are included.",
                self.min_count.saturating_sub(1),
                match self.rounding {
                    Some(r) if r > 1 => format!(
                        "; published counts are rounded down to a multiple of {r}, and \
                         suppressed if that falls below {}", self.min_count),
                    _ => String::new(),
                }
            ),
        })
    }
}
