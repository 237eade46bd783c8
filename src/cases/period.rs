//! When a case happened, as precisely as the source says: a day, a month or a year.
//!
//! Field data often gives only `2021-03` ("March 2021") or `2021`. Such a value is a
//! [`DatePeriod`] with a first and a last day, never a made-up first of the month. Parsing
//! the many ways dates are written lives in [`crate::io::dates`]; this module holds the
//! plain type and its calendar arithmetic.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::cases::Date;

/// Whether `year` is a Gregorian leap year.
pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A checked [`Date`]: `None` unless the month is 1–12 and the day exists in that month.
///
/// ```
/// use corridors::cases::period::checked_date;
/// assert!(checked_date(2024, 2, 29).is_some());
/// assert!(checked_date(2023, 2, 29).is_none());
/// ```
pub fn checked_date(year: i32, month: u8, day: u8) -> Option<Date> {
    (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
}

/// Day of the week of a date, 0 = Monday … 6 = Sunday (proleptic Gregorian calendar).
///
/// ```
/// use corridors::cases::{Date, period::weekday};
/// assert_eq!(weekday(Date { year: 2021, month: 3, day: 2 }), 1); // a Tuesday
/// ```
pub fn weekday(d: Date) -> u8 {
    // Sakamoto's method, shifted so that Monday is 0.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let m = usize::from(d.month.clamp(1, 12)) - 1;
    let y = if d.month < 3 { d.year - 1 } else { d.year };
    let sunday_based =
        (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[m] + i32::from(d.day))
            .rem_euclid(7);
    ((sunday_based + 6) % 7) as u8
}

/// How precise a [`DatePeriod`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// One calendar day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// A day, a month or a year: the date of a case as precisely as the source gives it.
///
/// Written and parsed (and serialised) in ISO form: `2021-03-02`, `2021-03`, `2021`.
///
/// ```
/// use corridors::cases::{Date, DatePeriod};
/// let march: DatePeriod = "2021-03".parse().unwrap();
/// assert_eq!(march.start(), Date { year: 2021, month: 3, day: 1 });
/// assert_eq!(march.end(), Date { year: 2021, month: 3, day: 31 });
/// assert_eq!(march.day(), None); // not a fake first of March
/// assert!(march.contains(Date { year: 2021, month: 3, day: 17 }));
/// assert_eq!(march.to_string(), "2021-03");
/// let day = DatePeriod::from(Date { year: 2021, month: 3, day: 2 });
/// assert_eq!(day.day(), Some(Date { year: 2021, month: 3, day: 2 }));
/// ```
/// Periods are ordered by their first day, then their last (`2021-03-01` < `2021-03` <
/// `2021`): the order in which a timeline lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum DatePeriod {
    /// One day.
    Day(Date),
    /// A month of a year.
    Month {
        /// Year.
        year: i32,
        /// Month 1–12.
        month: u8,
    },
    /// A whole year.
    Year(i32),
}

impl DatePeriod {
    /// A month period; `None` for a month outside 1–12.
    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12)
            .contains(&month)
            .then_some(DatePeriod::Month { year, month })
    }

    /// First day of the period.
    pub fn start(&self) -> Date {
        match *self {
            DatePeriod::Day(d) => d,
            DatePeriod::Month { year, month } => Date {
                year,
                month,
                day: 1,
            },
            DatePeriod::Year(year) => Date {
                year,
                month: 1,
                day: 1,
            },
        }
    }

    /// Last day of the period.
    pub fn end(&self) -> Date {
        match *self {
            DatePeriod::Day(d) => d,
            DatePeriod::Month { year, month } => Date {
                year,
                month,
                day: days_in_month(year, month),
            },
            DatePeriod::Year(year) => Date {
                year,
                month: 12,
                day: 31,
            },
        }
    }

    /// The day, when the period is one day.
    pub fn day(&self) -> Option<Date> {
        match *self {
            DatePeriod::Day(d) => Some(d),
            _ => None,
        }
    }

    /// How precise the period is.
    pub fn precision(&self) -> DatePrecision {
        match self {
            DatePeriod::Day(_) => DatePrecision::Day,
            DatePeriod::Month { .. } => DatePrecision::Month,
            DatePeriod::Year(_) => DatePrecision::Year,
        }
    }

    /// Whether `d` lies in the period (both ends included).
    pub fn contains(&self, d: Date) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// Whether the period lies entirely inside `[from, to]` (an open end admits everything
    /// on that side). A date filter that must not count a case outside its window uses this.
    ///
    /// ```
    /// use corridors::cases::{Date, DatePeriod};
    /// let p: DatePeriod = "2021".parse().unwrap();
    /// let mid = Date { year: 2021, month: 6, day: 1 };
    /// assert!(p.within(None, None));
    /// assert!(!p.within(Some(mid), None));
    /// assert!(p.overlaps(Some(mid), None));
    /// ```
    pub fn within(&self, from: Option<Date>, to: Option<Date>) -> bool {
        from.is_none_or(|f| f <= self.start()) && to.is_none_or(|t| self.end() <= t)
    }

    /// Whether the period meets `[from, to]` at all (open ends admit everything).
    pub fn overlaps(&self, from: Option<Date>, to: Option<Date>) -> bool {
        from.is_none_or(|f| f <= self.end()) && to.is_none_or(|t| self.start() <= t)
    }
}

impl Ord for DatePeriod {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start(), self.end()).cmp(&(other.start(), other.end()))
    }
}

impl PartialOrd for DatePeriod {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl From<Date> for DatePeriod {
    fn from(d: Date) -> Self {
        DatePeriod::Day(d)
    }
}

impl From<DatePeriod> for String {
    fn from(p: DatePeriod) -> Self {
        p.to_string()
    }
}

impl TryFrom<String> for DatePeriod {
    type Error = String;

    fn try_from(s: String) -> std::result::Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for DatePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatePeriod::Day(d) => d.fmt(f),
            DatePeriod::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DatePeriod::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl FromStr for DatePeriod {
    type Err = String;

    /// Parses the ISO forms only (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`); the field forms are
    /// read by [`crate::io::dates`].
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || format!("unrecognised date {s:?} (expected YYYY-MM-DD, YYYY-MM or YYYY)");
        let parts: Vec<&str> = t.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(parts[0], 4) {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        match parts.len() {
            1 => Ok(DatePeriod::Year(year)),
            2 if digits(parts[1], 2) => {
                let month: u8 = parts[1].parse().map_err(|_| bad())?;
                DatePeriod::month(year, month).ok_or_else(|| format!("invalid month in date {s:?}"))
            }
            3 if digits(parts[1], 2) && digits(parts[2], 2) => {
                let month: u8 = parts[1].parse().map_err(|_| bad())?;
                let day: u8 = parts[2].parse().map_err(|_| bad())?;
                checked_date(year, month, day)
                    .map(DatePeriod::Day)
                    .ok_or_else(|| format!("invalid day or month in date {s:?}"))
            }
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn weekdays_match_known_dates() {
        // 1970-01-01 Thursday, 2000-02-29 Tuesday, 2021-02-03 Wednesday, 2024-12-29 Sunday
        assert_eq!(weekday(d(1970, 1, 1)), 3);
        assert_eq!(weekday(d(2000, 2, 29)), 1);
        assert_eq!(weekday(d(2021, 2, 3)), 2);
        assert_eq!(weekday(d(2024, 12, 29)), 6);
        assert_eq!(weekday(d(1900, 3, 1)), 3);
    }

    #[test]
    fn month_and_year_ends() {
        let feb = DatePeriod::month(2024, 2).unwrap();
        assert_eq!(feb.end(), d(2024, 2, 29));
        assert_eq!(DatePeriod::month(2023, 2).unwrap().end(), d(2023, 2, 28));
        assert!(DatePeriod::month(2023, 13).is_none());
        assert_eq!(DatePeriod::Year(2020).end(), d(2020, 12, 31));
        assert_eq!(DatePeriod::Year(2020).precision(), DatePrecision::Year);
    }

    #[test]
    fn iso_round_trip_and_serde() {
        for s in ["2021-03-02", "2021-03", "2021"] {
            let p: DatePeriod = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<DatePeriod>(&json).unwrap(), p);
        }
        for bad in [
            "2021-3",
            "21",
            "2021-02-30",
            "2021-13",
            "",
            "2021-03-02-01",
            "abcd",
        ] {
            assert!(bad.parse::<DatePeriod>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<DatePeriod>("\"2021-00\"").is_err());
    }

    #[test]
    fn order_is_chronological() {
        let mut v: Vec<DatePeriod> = ["2021", "2021-03", "2020-12-31", "2021-03-01", "2021-02-28"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            ["2020-12-31", "2021", "2021-02-28", "2021-03-01", "2021-03"]
        );
    }

    #[test]
    fn within_and_overlaps() {
        let m = DatePeriod::month(2021, 3).unwrap();
        assert!(m.within(Some(d(2021, 3, 1)), Some(d(2021, 3, 31))));
        assert!(!m.within(Some(d(2021, 3, 2)), None));
        assert!(m.overlaps(Some(d(2021, 3, 31)), None));
        assert!(!m.overlaps(Some(d(2021, 4, 1)), None));
        assert!(!m.overlaps(None, Some(d(2021, 2, 28))));
    }
}
