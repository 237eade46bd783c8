//! Dates as the field writes them, read by one documented rule.
//!
//! # The rule
//!
//! A date cell is read as follows; an empty cell is no date. Anything else that does not
//! fit becomes a row warning naming the value (the case is kept with no date).
//!
//! 1. **Weekday prefix.** A leading weekday in English or Spanish, full or abbreviated
//!    (`Tue, 02/03/2021`, `Tuesday 2 March 2021`, `martes, 2 de marzo de 2021`) is removed and
//!    then *checked*: a weekday that does not fall on the date is an error. `Mar` is read as a
//!    weekday (Spanish *martes*) only when a comma follows it; otherwise it is March.
//! 2. **Time.** A time after the date (`2021-03-02T10:00:00Z`, `02/03/2021 14:30`,
//!    `2 March 2021 10:00 AM`) is ignored; the date is what counts.
//! 3. **ISO.** `YYYY-MM-DD` (also with `/` or `.`, and the compact `YYYYMMDD`) is a day;
//!    `YYYY-MM` (or `YYYY/MM`, `MM/YYYY`) is a **month**; `YYYY` alone is a **year**. A month
//!    or a year is a [`DatePeriod`] with a first and a last day, never a made-up first of the
//!    month.
//! 4. **Month names** in English or Spanish, full or abbreviated, with optional `de`/`of` and
//!    ordinal suffixes: `2 March 2021`, `March 2, 2021`, `2nd Mar 2021`, `02-Mar-2021`,
//!    `2 de marzo de 2021`, `2-mar.-2021`, `marzo de 2021` (a month), `2021-Mar-02`.
//! 5. **Numeric day and month** (`dd/mm/yyyy` or `mm/dd/yyyy`, with `/`, `-` or `.`) are
//!    ambiguous by themselves. Their order is decided **once per column of a file, never per
//!    row** ([`DateEvidence`] → [`DateRule`]):
//!    * an explicit [`DateFormat::DayFirst`] or [`DateFormat::MonthFirst`] decides;
//!    * otherwise ([`DateFormat::Auto`]) every value that is only valid one way (`13/02/2021`
//!      is day-first, `02/13/2021` month-first) or whose weekday fits only one way
//!      (`Tue, 02/03/2021` is 2 March, a Tuesday; 3 February 2021 is a Wednesday) is a vote.
//!      If all votes agree, that order is used for the whole column. If there are votes for
//!      both orders the column is contradictory, and if there are none the order is unknown:
//!      in both cases every numeric date whose two numbers differ is left empty with a
//!      warning asking for an explicit format (`02/02/2021` reads the same either way).
//! 6. Years are written with four digits. A two-digit year (`02/03/21`) is an error: the
//!    century cannot be guessed.
//!
//! Streaming readers can make the per-column decision in a first pass over the date column
//! only ([`DateEvidence::observe`]), or buffer the date cells; the decision never depends on
//! the order of the rows.
//!
//! ```
//! use corridors::cases::DatePeriod;
//! use corridors::io::dates::{DateEvidence, DateFormat, DateOrder};
//! let column = ["Tue, 02/03/2021", "Wed, 03/03/2021", "", "2021-04"];
//! let mut evidence = DateEvidence::default();
//! for (i, v) in column.iter().enumerate() {
//!     evidence.observe(i as u64 + 2, v);
//! }
//! let rule = evidence.rule(DateFormat::Auto);
//! assert_eq!(rule.order(), Some(DateOrder::DayFirst)); // the weekdays say so
//! assert_eq!(rule.parse(column[0]).unwrap().unwrap().to_string(), "2021-03-02");
//! assert_eq!(rule.parse(column[2]).unwrap(), None);
//! assert_eq!(rule.parse(column[3]).unwrap(), DatePeriod::month(2021, 4));
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::cases::period::{checked_date, weekday};
use crate::cases::{Date, DatePeriod};

/// How numeric day-month dates of a file are to be read.
///
/// Parsed from `auto`, `dd/mm/yyyy` (also `dmy`, `day-first`) and `mm/dd/yyyy` (also `mdy`,
/// `month-first`).
///
/// ```
/// use corridors::io::dates::DateFormat;
/// assert_eq!("dd/mm/yyyy".parse::<DateFormat>().unwrap(), DateFormat::DayFirst);
/// assert!("yyyy/dd/mm".parse::<DateFormat>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// Decide from the file (see the [module rule](self)).
    #[default]
    Auto,
    /// `dd/mm/yyyy`.
    DayFirst,
    /// `mm/dd/yyyy`.
    MonthFirst,
}

impl FromStr for DateFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(DateFormat::Auto),
            "dd/mm/yyyy" | "dmy" | "day-first" | "day_first" => Ok(DateFormat::DayFirst),
            "mm/dd/yyyy" | "mdy" | "month-first" | "month_first" => Ok(DateFormat::MonthFirst),
            _ => Err(format!(
                "unknown date format {s:?} (expected auto, dd/mm/yyyy or mm/dd/yyyy)"
            )),
        }
    }
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateFormat::Auto => "auto",
            DateFormat::DayFirst => "dd/mm/yyyy",
            DateFormat::MonthFirst => "mm/dd/yyyy",
        })
    }
}

/// The order of the day and month in numeric dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `dd/mm/yyyy`.
    DayFirst,
    /// `mm/dd/yyyy`.
    MonthFirst,
}

impl DateOrder {
    fn pattern(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "dd/mm/yyyy",
            DateOrder::MonthFirst => "mm/dd/yyyy",
        }
    }
}

/// A value found in a column, with its line, kept as an example in a [`DateDecision`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateExample {
    /// One-based line of the value.
    pub line: u64,
    /// The value as written.
    pub value: String,
}

/// How the day-month order of a date column was decided (for the read report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateDecision {
    /// The column has no numeric day-month date whose two numbers differ: no order needed.
    NotNeeded,
    /// Given by the caller.
    Explicit(DateOrder),
    /// Decided from the file: every vote agreed.
    FromFile {
        /// The order.
        order: DateOrder,
        /// Values that were only valid (or only fit their weekday) in this order.
        votes: usize,
        /// The first of them.
        example: DateExample,
    },
    /// Numeric dates, but none shows the order.
    Undecided {
        /// Numeric dates that stay empty.
        ambiguous: usize,
    },
    /// Some values are only day-first, others only month-first.
    Contradictory {
        /// First day-first-only value.
        day_first: DateExample,
        /// First month-first-only value.
        month_first: DateExample,
    },
}

impl DateDecision {
    /// One line for a read report, e.g. `dd/mm/yyyy (decided from 12 values, e.g. line 4
    /// "13/02/2021")`.
    pub fn describe(&self) -> String {
        match self {
            DateDecision::NotNeeded => "no numeric day/month dates".to_string(),
            DateDecision::Explicit(o) => format!("{} (given)", o.pattern()),
            DateDecision::FromFile {
                order,
                votes,
                example,
            } => format!(
                "{} (decided from {votes} value{}, e.g. line {} {:?})",
                order.pattern(),
                if *votes == 1 { "" } else { "s" },
                example.line,
                example.value
            ),
            DateDecision::Undecided { ambiguous } => format!(
                "day/month order unknown: {ambiguous} ambiguous date{} left empty",
                if *ambiguous == 1 { "" } else { "s" }
            ),
            DateDecision::Contradictory {
                day_first,
                month_first,
            } => format!(
                "contradictory: day-first (line {} {:?}) and month-first (line {} {:?}) dates",
                day_first.line, day_first.value, month_first.line, month_first.value
            ),
        }
    }
}

/// What one date cell is, before the column's day-month order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Fully determined by itself.
    Known(DatePeriod),
    /// `a/b/year`, day and month order unknown; `weekday` 0 = Monday.
    Numeric {
        a: u8,
        b: u8,
        year: i32,
        weekday: Option<u8>,
    },
}

/// Collects, from every cell of a date column, the values that show the day-month order.
///
/// Feed every cell with [`observe`](Self::observe) (in any order), then take the
/// [`rule`](Self::rule).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateEvidence {
    day_first: usize,
    month_first: usize,
    ambiguous: usize,
    first_day_first: Option<DateExample>,
    first_month_first: Option<DateExample>,
}

impl DateEvidence {
    /// Looks at one cell (at one-based `line`); unreadable cells are ignored here and
    /// reported when parsed.
    pub fn observe(&mut self, line: u64, value: &str) {
        let Ok(Some(Shape::Numeric {
            a,
            b,
            year,
            weekday,
        })) = lex(value)
        else {
            return;
        };
        if a == b {
            return;
        }
        let fits = |d: Option<Date>| {
            d.is_some_and(|d| weekday.is_none_or(|w| w == crate::cases::period::weekday(d)))
        };
        let dm = fits(checked_date(year, b, a));
        let md = fits(checked_date(year, a, b));
        let example = || {
            Some(DateExample {
                line,
                value: value.trim().to_string(),
            })
        };
        match (dm, md) {
            (true, false) => {
                self.day_first += 1;
                // keep the earliest line whatever the order of observation
                if self.first_day_first.as_ref().is_none_or(|e| line < e.line) {
                    self.first_day_first = example();
                }
            }
            (false, true) => {
                self.month_first += 1;
                if self
                    .first_month_first
                    .as_ref()
                    .is_none_or(|e| line < e.line)
                {
                    self.first_month_first = example();
                }
            }
            (true, true) => self.ambiguous += 1,
            (false, false) => {}
        }
    }

    /// The rule for the column.
    pub fn rule(&self, format: DateFormat) -> DateRule {
        let decision = match format {
            DateFormat::DayFirst => DateDecision::Explicit(DateOrder::DayFirst),
            DateFormat::MonthFirst => DateDecision::Explicit(DateOrder::MonthFirst),
            DateFormat::Auto => match (&self.first_day_first, &self.first_month_first) {
                (Some(d), Some(m)) => DateDecision::Contradictory {
                    day_first: d.clone(),
                    month_first: m.clone(),
                },
                (Some(e), None) => DateDecision::FromFile {
                    order: DateOrder::DayFirst,
                    votes: self.day_first,
                    example: e.clone(),
                },
                (None, Some(e)) => DateDecision::FromFile {
                    order: DateOrder::MonthFirst,
                    votes: self.month_first,
                    example: e.clone(),
                },
                (None, None) if self.ambiguous > 0 => DateDecision::Undecided {
                    ambiguous: self.ambiguous,
                },
                (None, None) => DateDecision::NotNeeded,
            },
        };
        DateRule { decision }
    }
}

/// How the cells of one date column are read: the module rule plus the column's day-month
/// order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRule {
    decision: DateDecision,
}

impl Default for DateRule {
    /// No order: only dates that are unambiguous by themselves are read.
    fn default() -> Self {
        DateRule {
            decision: DateDecision::NotNeeded,
        }
    }
}

impl DateRule {
    /// A rule with no file evidence: the explicit order of `format`, or none for `Auto`
    /// (then only dates unambiguous by themselves are read). For single values such as a
    /// command-line `--from`.
    pub fn new(format: DateFormat) -> Self {
        DateEvidence::default().rule(format)
    }

    /// The day-month order in force, if any.
    pub fn order(&self) -> Option<DateOrder> {
        match &self.decision {
            DateDecision::Explicit(o) | DateDecision::FromFile { order: o, .. } => Some(*o),
            _ => None,
        }
    }

    /// How the order was decided.
    pub fn decision(&self) -> &DateDecision {
        &self.decision
    }

    /// Reads one cell. `Ok(None)` for an empty cell.
    ///
    /// ```
    /// use corridors::io::dates::{DateFormat, DateRule};
    /// let us = DateRule::new(DateFormat::MonthFirst);
    /// assert_eq!(us.parse("Tue, 03/02/2021").unwrap().unwrap().to_string(), "2021-03-02");
    /// assert!(us.parse("Wed, 03/02/2021").unwrap_err().contains("Tuesday"));
    /// let auto = DateRule::new(DateFormat::Auto);
    /// assert_eq!(auto.parse("2 de marzo de 2021").unwrap().unwrap().to_string(), "2021-03-02");
    /// assert!(auto.parse("03/02/2021").is_err()); // which order? the rule cannot tell
    /// ```
    ///
    /// # Errors
    /// A message naming the value and what is wrong with it.
    pub fn parse(&self, value: &str) -> Result<Option<DatePeriod>, String> {
        let Some(shape) = lex(value)? else {
            return Ok(None);
        };
        let (a, b, year, wd) = match shape {
            Shape::Known(p) => return Ok(Some(p)),
            Shape::Numeric {
                a,
                b,
                year,
                weekday,
            } => (a, b, year, weekday),
        };
        let v = value.trim();
        let order = match (self.order(), a == b) {
            (Some(o), _) => o,
            (None, true) => DateOrder::DayFirst,
            (None, false) => {
                return Err(match &self.decision {
                    DateDecision::Contradictory {
                        day_first,
                        month_first,
                    } => format!(
                        "date {v:?} left empty: this column has day-first dates (line {} {:?}) \
                         and month-first dates (line {} {:?}); set the date format \
                         (dd/mm/yyyy or mm/dd/yyyy)",
                        day_first.line, day_first.value, month_first.line, month_first.value
                    ),
                    _ => format!(
                        "ambiguous date {v:?}: no date in this column shows whether it is \
                         dd/mm/yyyy or mm/dd/yyyy; set the date format"
                    ),
                });
            }
        };
        let (day, month) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        let d = checked_date(year, month, day).ok_or_else(|| {
            format!(
                "invalid date {v:?} read as {} (no day {day} in month {month})",
                order.pattern()
            )
        })?;
        check_weekday(v, d, wd)?;
        Ok(Some(DatePeriod::Day(d)))
    }
}

/// Reads one value by the module rule with no file evidence (see [`DateRule::new`]).
///
/// ```
/// use corridors::io::dates::{parse_date, DateFormat};
/// assert_eq!(parse_date("March 2021", DateFormat::Auto).unwrap().unwrap().to_string(), "2021-03");
/// assert_eq!(parse_date("02/03/2021", DateFormat::DayFirst).unwrap().unwrap().to_string(), "2021-03-02");
/// ```
///
/// # Errors
/// As [`DateRule::parse`].
pub fn parse_date(value: &str, format: DateFormat) -> Result<Option<DatePeriod>, String> {
    DateRule::new(format).parse(value)
}

/// The period given by separate year and month columns (Missing Migrants' `Incident Year`
/// and `Reported Month`), for rows with no date: a month, or a year when the month is empty.
///
/// ```
/// use corridors::io::dates::period_from_year_month;
/// assert_eq!(period_from_year_month("2021", "Mar").unwrap().unwrap().to_string(), "2021-03");
/// assert_eq!(period_from_year_month("2021", "").unwrap().unwrap().to_string(), "2021");
/// assert_eq!(period_from_year_month("", "").unwrap(), None);
/// assert!(period_from_year_month("", "3").is_err());
/// ```
///
/// # Errors
/// A message naming the year or month that cannot be read, or a month without a year.
pub fn period_from_year_month(year: &str, month: &str) -> Result<Option<DatePeriod>, String> {
    let (y, m) = (year.trim(), month.trim());
    if y.is_empty() {
        return if m.is_empty() {
            Ok(None)
        } else {
            Err(format!("month {m:?} without a year"))
        };
    }
    let yv = y.strip_suffix(".0").unwrap_or(y);
    let year = year_of(yv, y).map_err(|_| format!("unrecognised year {y:?}"))?;
    if m.is_empty() {
        return Ok(Some(DatePeriod::Year(year)));
    }
    let mv = m.strip_suffix(".0").unwrap_or(m);
    let month = if all_digits(mv) && mv.len() <= 2 {
        mv.parse().ok()
    } else {
        month_of(&fold(mv))
    };
    month
        .and_then(|month| DatePeriod::month(year, month))
        .map(Some)
        .ok_or_else(|| format!("unrecognised month {m:?}"))
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn check_weekday(v: &str, d: Date, wd: Option<u8>) -> Result<(), String> {
    match wd {
        Some(w) if w != weekday(d) => Err(format!(
            "date {v:?}: {d} is a {}, not a {}",
            WEEKDAYS[usize::from(weekday(d))],
            WEEKDAYS[usize::from(w)]
        )),
        _ => Ok(()),
    }
}

/// Lower case with Latin accents folded (`Mié` → `mie`) and a trailing `.` removed.
fn fold(word: &str) -> String {
    word.trim_end_matches('.')
        .chars()
        .flat_map(char::to_lowercase)
        .map(crate::cases::types::fold_accent)
        .collect()
}

/// Weekday (0 = Monday) of a folded word. `mar` is also March: see [`lex`].
fn weekday_of(w: &str) -> Option<u8> {
    Some(match w {
        "mon" | "monday" | "lun" | "lunes" | "lu" => 0,
        "tue" | "tues" | "tuesday" | "mar" | "martes" | "ma" => 1,
        "wed" | "wednesday" | "mie" | "miercoles" | "mi" | "mier" => 2,
        "thu" | "thur" | "thurs" | "thursday" | "jue" | "jueves" | "ju" => 3,
        "fri" | "friday" | "vie" | "viernes" | "vi" => 4,
        "sat" | "saturday" | "sab" | "sabado" | "sa" => 5,
        "sun" | "sunday" | "dom" | "domingo" | "do" => 6,
        _ => return None,
    })
}

/// Month (1–12) of a folded word: English and Spanish names and abbreviations.
fn month_of(w: &str) -> Option<u8> {
    Some(match w {
        "jan" | "january" | "ene" | "enero" => 1,
        "feb" | "february" | "febrero" => 2,
        "mar" | "march" | "marzo" => 3,
        "apr" | "april" | "abr" | "abril" => 4,
        "may" | "mayo" => 5,
        "jun" | "june" | "junio" => 6,
        "jul" | "july" | "julio" => 7,
        "aug" | "august" | "ago" | "agosto" => 8,
        "sep" | "sept" | "september" | "set" | "septiembre" | "setiembre" => 9,
        "oct" | "october" | "octubre" => 10,
        "nov" | "november" | "noviembre" => 11,
        "dec" | "december" | "dic" | "diciembre" => 12,
        _ => return None,
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is a time of day, possibly with a zone: `10:00`, `10:00:00.5Z`,
/// `14:30:00+02:00`.
fn is_time(s: &str) -> bool {
    let s = s.trim_end_matches(['Z', 'z']);
    let core = match s.find(['+', '-']) {
        Some(i) if i > 0 => {
            let zone = &s[i + 1..];
            if !zone.split(':').all(all_digits) {
                return false;
            }
            &s[..i]
        }
        _ => s,
    };
    let parts: Vec<&str> = core.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let sec = parts
        .get(2)
        .map(|p| p.split_once('.').map_or(*p, |(i, _)| i));
    all_digits(parts[0])
        && parts[0].len() <= 2
        && all_digits(parts[1])
        && parts[1].len() == 2
        && sec.is_none_or(|s| all_digits(s) && s.len() == 2)
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "am" | "pm" | "a.m" | "p.m" | "a. m" | "p. m" | "z" | "utc" | "gmt" | "h" | "hrs" | "hs"
    ) || ((w.starts_with('+') || w.starts_with('-')) && w[1..].split(':').all(all_digits))
}

fn year_of(s: &str, v: &str) -> Result<i32, String> {
    if s.len() == 2 && all_digits(s) {
        return Err(format!(
            "date {v:?} has a two-digit year: write the year in full (the century cannot be guessed)"
        ));
    }
    if s.len() != 4 || !all_digits(s) {
        return Err(unrecognised(v));
    }
    s.parse().map_err(|_| unrecognised(v))
}

fn small(s: &str, v: &str) -> Result<u8, String> {
    if s.is_empty() || s.len() > 2 || !all_digits(s) {
        return Err(unrecognised(v));
    }
    s.parse().map_err(|_| unrecognised(v))
}

fn unrecognised(v: &str) -> String {
    format!(
        "unrecognised date {v:?} (expected YYYY-MM-DD, dd/mm/yyyy, mm/dd/yyyy, \"2 March 2021\", \
         \"2 de marzo de 2021\", YYYY-MM or YYYY)"
    )
}

fn day_of(year: i32, month: u8, day: u8, v: &str) -> Result<DatePeriod, String> {
    checked_date(year, month, day)
        .map(DatePeriod::Day)
        .ok_or_else(|| format!("invalid date {v:?} (no day {day} in month {month} of {year})"))
}

/// Splits a cell into what it is, without deciding the day-month order.
fn lex(value: &str) -> Result<Option<Shape>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.len() > 64 {
        return Err(format!(
            "unrecognised date {:?}… (too long)",
            v.chars().take(20).collect::<String>()
        ));
    }
    // 1. weekday prefix
    let mut rest = v;
    let mut wd = None;
    let word_end = v
        .find(|c: char| !(c.is_alphabetic() || c == '.'))
        .unwrap_or(v.len());
    if word_end > 0 {
        let word = fold(&v[..word_end]);
        let after = v[word_end..].trim_start();
        if let Some(w) = weekday_of(&word) {
            let comma = after.starts_with(',');
            // `mar` is March unless a comma marks it as a weekday; short two-letter forms
            // need the comma too.
            if comma || (month_of(&word).is_none() && word.len() > 2) {
                wd = Some(w);
                rest = after.strip_prefix(',').unwrap_or(after).trim_start();
            }
        }
    }
    if rest.is_empty() {
        return Err(unrecognised(v));
    }
    // 2. drop a time: ISO `T`, or the first token with a colon and what follows it
    let mut date_part = rest;
    if let Some(i) = rest.find(['T', 't'])
        && i >= 8
        && rest[..i]
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/' || b == b'.')
    {
        if !is_time(&rest[i + 1..]) {
            return Err(format!("unrecognised time in date {v:?}"));
        }
        date_part = &rest[..i];
    } else if let Some(colon) = rest.find(':') {
        let start = rest[..colon].rfind([' ', ',']).map_or(0, |i| i + 1);
        let mut words = rest[start..].split_whitespace();
        let time = words.next().unwrap_or_default();
        if start == 0 || !is_time(time) || !words.all(|w| is_time_word(&fold(w))) {
            return Err(format!("unrecognised time in date {v:?}"));
        }
        date_part = rest[..start].trim_end().trim_end_matches(',').trim_end();
    }
    let shape = if date_part.bytes().any(|b| b.is_ascii_alphabetic()) || !date_part.is_ascii() {
        Shape::Known(lex_named(date_part, v)?)
    } else {
        lex_numeric(date_part, v)?
    };
    if let Some(w) = wd {
        match shape {
            Shape::Known(DatePeriod::Day(d)) => check_weekday(v, d, Some(w))?,
            Shape::Known(_) => {
                return Err(format!("date {v:?}: a weekday with a month or a year"));
            }
            Shape::Numeric { a, b, year, .. } => {
                return Ok(Some(Shape::Numeric {
                    a,
                    b,
                    year,
                    weekday: Some(w),
                }));
            }
        }
    }
    Ok(Some(shape))
}

/// `2021-03-02`, `2021/03/02`, `20210302`, `2021-03`, `03/2021`, `2021`, `02/03/2021`.
fn lex_numeric(s: &str, v: &str) -> Result<Shape, String> {
    let sep = s.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'));
    let parts: Vec<&str> = match sep {
        Some(c) => s.split(char::from(c)).map(str::trim).collect(),
        None => vec![s.trim()],
    };
    if parts.iter().any(|p| !all_digits(p)) {
        return Err(unrecognised(v));
    }
    Ok(match parts.as_slice() {
        [y] if y.len() == 4 => Shape::Known(DatePeriod::Year(year_of(y, v)?)),
        [ymd] if ymd.len() == 8 => Shape::Known(day_of(
            year_of(&ymd[..4], v)?,
            small(&ymd[4..6], v)?,
            small(&ymd[6..], v)?,
            v,
        )?),
        [y, m] if y.len() == 4 => month_period(year_of(y, v)?, small(m, v)?, v)?,
        [m, y] if y.len() == 4 && m.len() <= 2 => month_period(year_of(y, v)?, small(m, v)?, v)?,
        [y, m, d] if y.len() == 4 => {
            Shape::Known(day_of(year_of(y, v)?, small(m, v)?, small(d, v)?, v)?)
        }
        [a, b, y] if a.len() <= 2 && b.len() <= 2 => {
            let year = year_of(y, v)?;
            let (a, b) = (small(a, v)?, small(b, v)?);
            if checked_date(year, b, a).is_none() && checked_date(year, a, b).is_none() {
                return Err(format!(
                    "invalid date {v:?} (neither dd/mm/yyyy nor mm/dd/yyyy)"
                ));
            }
            Shape::Numeric {
                a,
                b,
                year,
                weekday: None,
            }
        }
        _ => return Err(unrecognised(v)),
    })
}

fn month_period(year: i32, month: u8, v: &str) -> Result<Shape, String> {
    DatePeriod::month(year, month)
        .map(Shape::Known)
        .ok_or_else(|| format!("invalid month in date {v:?}"))
}

/// Dates with a month name, English or Spanish.
fn lex_named(s: &str, v: &str) -> Result<DatePeriod, String> {
    #[derive(Clone, Copy)]
    enum Tok<'a> {
        Num(&'a str),
        Month(u8),
    }
    let mut toks = Vec::new();
    for raw in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.')) {
        if raw.is_empty() {
            continue;
        }
        let w = fold(raw);
        if matches!(w.as_str(), "de" | "del" | "of" | "the") {
            continue;
        }
        // ordinals: 1st 2nd 3rd 4th, Spanish 1º / 1ro
        let num = w
            .strip_suffix("st")
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .or_else(|| w.strip_suffix('º'))
            .or_else(|| w.strip_suffix("ro"))
            .filter(|n| all_digits(n))
            .unwrap_or(&w);
        if all_digits(num) {
            // index back into `raw` so the token borrows from `s`
            let start = raw.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            toks.push(Tok::Num(&raw[start..start + num.len()]));
        } else if let Some(m) = month_of(&w) {
            toks.push(Tok::Month(m));
        } else {
            return Err(unrecognised(v));
        }
    }
    match toks.as_slice() {
        [Tok::Num(d), Tok::Month(m), Tok::Num(y)]
        | [Tok::Month(m), Tok::Num(d), Tok::Num(y)]
        | [Tok::Num(y), Tok::Month(m), Tok::Num(d)]
            if d.len() <= 2 =>
        {
            day_of(year_of(y, v)?, *m, small(d, v)?, v)
        }
        [Tok::Month(m), Tok::Num(y)] | [Tok::Num(y), Tok::Month(m)] => {
            DatePeriod::month(year_of(y, v)?, *m).ok_or_else(|| unrecognised(v))
        }
        _ => Err(unrecognised(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(s: &str) -> Result<Option<DatePeriod>, String> {
        parse_date(s, DateFormat::Auto)
    }

    fn day(s: &str) -> String {
        match auto(s) {
            Ok(Some(p)) => p.to_string(),
            other => panic!("{s:?} → {other:?}"),
        }
    }

    fn column(
        values: &[&str],
        format: DateFormat,
    ) -> (DateRule, Vec<Result<Option<String>, String>>) {
        let mut ev = DateEvidence::default();
        for (i, v) in values.iter().enumerate() {
            ev.observe(i as u64 + 2, v);
        }
        let rule = ev.rule(format);
        let out = values
            .iter()
            .map(|v| rule.parse(v).map(|p| p.map(|p| p.to_string())))
            .collect();
        (rule, out)
    }

    #[test]
    fn iso_forms() {
        assert_eq!(day("2021-03-02"), "2021-03-02");
        assert_eq!(day("2021/03/02"), "2021-03-02");
        assert_eq!(day("2021.3.2"), "2021-03-02");
        assert_eq!(day("20210302"), "2021-03-02");
        assert_eq!(day("2023-07-04T10:00:00Z"), "2023-07-04");
        assert_eq!(day("2023-07-04T10:00:00.250+02:00"), "2023-07-04");
        assert_eq!(day("2023-07-04 10:00"), "2023-07-04");
        assert_eq!(day("2023-07-04 10:00:00 UTC"), "2023-07-04");
        assert!(auto("2023-02-29").is_err());
        assert!(auto("2024-02-29").is_ok());
        assert!(auto("2023-07-04Tnoon").is_err());
        assert!(auto("2023-07-04 10h").is_err());
    }

    #[test]
    fn periods_are_not_fake_days() {
        let m = auto("2021-03").unwrap().unwrap();
        assert_eq!(m, DatePeriod::month(2021, 3).unwrap());
        assert_eq!(m.day(), None);
        assert_eq!(auto("03/2021").unwrap(), DatePeriod::month(2021, 3));
        assert_eq!(auto("2021/3").unwrap(), DatePeriod::month(2021, 3));
        assert_eq!(auto("2021").unwrap(), Some(DatePeriod::Year(2021)));
        assert_eq!(auto("March 2021").unwrap(), DatePeriod::month(2021, 3));
        assert_eq!(auto("marzo de 2021").unwrap(), DatePeriod::month(2021, 3));
        assert_eq!(auto("Sept. 2019").unwrap(), DatePeriod::month(2019, 9));
        assert!(auto("13/2021").is_err());
        assert!(auto("Tue, 2021-03").is_err());
    }

    #[test]
    fn month_names_english_and_spanish() {
        for s in [
            "2 March 2021",
            "2 Mar 2021",
            "March 2, 2021",
            "Mar. 2, 2021",
            "2nd March 2021",
            "02-Mar-2021",
            "2-mar.-2021",
            "2 de marzo de 2021",
            "2 DE MARZO DEL 2021",
            "2 marzo 2021",
            "2021-Mar-02",
            "Tuesday, 2 March 2021",
            "Tue 2 March 2021",
            "martes, 2 de marzo de 2021",
            "mar, 2 de marzo de 2021",
            "March 2, 2021 10:00 AM",
            "2 de marzo de 2021, 14:30",
        ] {
            assert_eq!(day(s), "2021-03-02", "{s}");
        }
        assert_eq!(day("miércoles 3 de febrero de 2021"), "2021-02-03");
        assert_eq!(day("17 ago 2020"), "2020-08-17");
        assert_eq!(day("1 dic. 2020"), "2020-12-01");
        assert_eq!(day("1ro de enero de 2020"), "2020-01-01");
        assert_eq!(day("Sept 30, 2019"), "2019-09-30");
        assert_eq!(day("setiembre 30, 2019"), "2019-09-30");
    }

    #[test]
    fn bad_values_are_named() {
        for s in [
            "yesterday",
            "2 Smarch 2021",
            "31 February 2021",
            "2 March 21",
            "02/03/21",
            "32/01/2021",
            "13/13/2021",
            "2021-03-02-04",
            "March",
            "2 3 2021",
            "--",
            "Tue,",
            "0/0/2021",
            "2021-00",
        ] {
            let e = auto(s).unwrap_err();
            assert!(e.contains(s) || e.contains(&format!("{s:?}")), "{s}: {e}");
        }
        assert!(auto("02/03/21").unwrap_err().contains("two-digit year"));
        assert!(auto("31 February 2021").unwrap_err().contains("no day 31"));
        assert_eq!(auto("   ").unwrap(), None);
    }

    #[test]
    fn weekday_is_checked() {
        // 2 March 2021 was a Tuesday
        let e = auto("Wed, 2 March 2021").unwrap_err();
        assert!(e.contains("is a Tuesday, not a Wednesday"), "{e}");
        let dmy = DateRule::new(DateFormat::DayFirst);
        assert_eq!(
            dmy.parse("Tue, 02/03/2021").unwrap().unwrap().to_string(),
            "2021-03-02"
        );
        assert!(dmy.parse("Wed, 02/03/2021").is_err());
        // `Mar 2, 2021` is March, not a Tuesday prefix
        assert_eq!(day("Mar 2, 2021"), "2021-03-02");
    }

    #[test]
    fn column_decides_day_first_from_an_unambiguous_value() {
        let (rule, out) = column(
            &["02/03/2021", "13/02/2021", "", "01/01/2021", "2021-05-06"],
            DateFormat::Auto,
        );
        assert_eq!(rule.order(), Some(DateOrder::DayFirst));
        assert_eq!(
            rule.decision(),
            &DateDecision::FromFile {
                order: DateOrder::DayFirst,
                votes: 1,
                example: DateExample {
                    line: 3,
                    value: "13/02/2021".into()
                }
            }
        );
        assert!(rule.decision().describe().contains("line 3"));
        let got: Vec<_> = out.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            got,
            [
                Some("2021-03-02".to_string()),
                Some("2021-02-13".into()),
                None,
                Some("2021-01-01".into()),
                Some("2021-05-06".into())
            ]
        );
    }

    #[test]
    fn column_decides_month_first_from_an_unambiguous_value() {
        let (rule, out) = column(&["02/03/2021", "02/13/2021"], DateFormat::Auto);
        assert_eq!(rule.order(), Some(DateOrder::MonthFirst));
        assert_eq!(out[0].as_ref().unwrap().as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn the_decision_does_not_depend_on_row_order() {
        let a = ["02/03/2021", "04/05/2021", "25/12/2020"];
        let mut b = a;
        b.reverse();
        let (ra, oa) = column(&a, DateFormat::Auto);
        let (rb, mut ob) = column(&b, DateFormat::Auto);
        assert_eq!(ra.order(), rb.order());
        ob.reverse();
        assert_eq!(oa, ob);
    }

    #[test]
    fn weekdays_decide_the_column() {
        // IOM-style: 2 March 2021 is a Tuesday, 3 February 2021 a Wednesday → day-first
        let (rule, out) = column(&["Tue, 02/03/2021", "Fri, 05/03/2021"], DateFormat::Auto);
        assert_eq!(rule.order(), Some(DateOrder::DayFirst));
        assert_eq!(out[1].as_ref().unwrap().as_deref(), Some("2021-03-05"));
        // the same numbers with the weekdays of the month-first reading
        let (rule, out) = column(&["Wed, 02/03/2021", "Sat, 05/03/2021"], DateFormat::Auto);
        assert_eq!(rule.order(), Some(DateOrder::MonthFirst));
        assert_eq!(out[0].as_ref().unwrap().as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn undecided_column_leaves_ambiguous_dates_empty_with_a_reason() {
        let (rule, out) = column(
            &["02/03/2021", "04/04/2021", "2021-01-09"],
            DateFormat::Auto,
        );
        assert_eq!(rule.order(), None);
        assert_eq!(rule.decision(), &DateDecision::Undecided { ambiguous: 1 });
        let e = out[0].as_ref().unwrap_err();
        assert!(e.contains("ambiguous date \"02/03/2021\""), "{e}");
        assert!(e.contains("set the date format"), "{e}");
        // same numbers: the order does not matter
        assert_eq!(out[1].as_ref().unwrap().as_deref(), Some("2021-04-04"));
        assert_eq!(out[2].as_ref().unwrap().as_deref(), Some("2021-01-09"));
        // the explicit format settles it
        let (rule, out) = column(&["02/03/2021"], DateFormat::MonthFirst);
        assert_eq!(
            rule.decision(),
            &DateDecision::Explicit(DateOrder::MonthFirst)
        );
        assert_eq!(out[0].as_ref().unwrap().as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn contradictory_column_names_both_examples() {
        let (rule, out) = column(
            &["13/02/2021", "02/13/2021", "02/03/2021", "2021-03-02"],
            DateFormat::Auto,
        );
        assert_eq!(rule.order(), None);
        assert!(matches!(
            rule.decision(),
            DateDecision::Contradictory { .. }
        ));
        for o in &out[..3] {
            let e = o.as_ref().unwrap_err();
            assert!(
                e.contains("line 2 \"13/02/2021\"") && e.contains("line 3 \"02/13/2021\""),
                "{e}"
            );
        }
        assert!(out[3].is_ok());
    }

    #[test]
    fn explicit_format_rejects_impossible_values() {
        let (_, out) = column(&["02/13/2021"], DateFormat::DayFirst);
        assert!(out[0].as_ref().unwrap_err().contains("dd/mm/yyyy"));
    }

    #[test]
    fn year_and_month_columns() {
        let p = |y, m| period_from_year_month(y, m).map(|p| p.map(|p| p.to_string()));
        assert_eq!(p("2021", "3").unwrap().as_deref(), Some("2021-03"));
        assert_eq!(p("2021.0", "12.0").unwrap().as_deref(), Some("2021-12"));
        assert_eq!(p("2021", "marzo").unwrap().as_deref(), Some("2021-03"));
        assert_eq!(p("2021", "Sept.").unwrap().as_deref(), Some("2021-09"));
        assert!(p("2021", "13").unwrap_err().contains("\"13\""));
        assert!(p("21", "3").unwrap_err().contains("year"));
        assert!(p("2021", "spring").is_err());
    }

    #[test]
    fn date_format_strings() {
        for (s, f) in [
            ("auto", DateFormat::Auto),
            ("DD/MM/YYYY", DateFormat::DayFirst),
            ("mdy", DateFormat::MonthFirst),
        ] {
            assert_eq!(s.parse::<DateFormat>().unwrap(), f);
        }
        assert_eq!(DateFormat::MonthFirst.to_string(), "mm/dd/yyyy");
        assert_eq!(
            serde_json::to_string(&DateFormat::DayFirst).unwrap(),
            "\"day_first\""
        );
    }

    #[test]
    fn long_and_odd_input_does_not_panic() {
        for s in [
            "ñ".repeat(100),
            "Tue".into(),
            "T".into(),
            "12345678T".into(),
            "2021-03-02T".into(),
            ":".into(),
            "1:2".into(),
            "mar,".into(),
            "º".into(),
            "2 ºº 2021".into(),
            "+:".into(),
            "2021-03-02 10:00 +".into(),
        ] {
            let _ = auto(&s);
        }
    }
}
