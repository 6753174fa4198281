//! Calendar dates, for terms of office and waivers, parsed from and written as YYYY-MM-DD.
//! The calendar arithmetic is jiff's (proleptic Gregorian); today is the local date.

use std::fmt;

/// A calendar date (terms of office).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// The date as jiff's civil date (every `Date` is a valid one: only [`Date::parse`] and
    /// jiff make them).
    fn civil(self) -> jiff::civil::Date {
        jiff::civil::Date::new(
            i16::try_from(self.year).unwrap_or(i16::MAX),
            i8::try_from(self.month).unwrap_or(1),
            i8::try_from(self.day).unwrap_or(1),
        )
        .unwrap_or(jiff::civil::Date::MAX)
    }

    fn of(d: jiff::civil::Date) -> Self {
        Self {
            year: u16::try_from(d.year()).unwrap_or(0),
            month: u8::try_from(d.month()).unwrap_or(1),
            day: u8::try_from(d.day()).unwrap_or(1),
        }
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    #[must_use]
    pub fn days(self) -> i64 {
        self.civil()
            .since((jiff::Unit::Day, jiff::civil::date(1970, 1, 1)))
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// The date `days` days after 1970-01-01 (the latest or earliest date jiff knows when
    /// out of its range).
    #[must_use]
    pub fn from_days(days: i64) -> Self {
        let epoch = jiff::civil::date(1970, 1, 1);
        let d = jiff::Span::new()
            .try_days(days)
            .ok()
            .and_then(|span| epoch.checked_add(span).ok())
            .unwrap_or(if days < 0 {
                jiff::civil::Date::MIN
            } else {
                jiff::civil::Date::MAX
            });
        Self::of(d)
    }

    /// Today's date where the user is: in the system's time zone (`TZ`, or the system's
    /// setting), so a board checked in the first hour of a British summer day is judged on
    /// that day, not the one before in UTC.
    #[must_use]
    pub fn today() -> Self {
        Self::of(jiff::Zoned::now().date())
    }

    /// The same day `years` years later; 29 February becomes 28 February in a common year.
    #[must_use]
    pub fn add_years(self, years: u16) -> Self {
        let later = jiff::Span::new()
            .try_years(i64::from(years))
            .ok()
            .and_then(|span| self.civil().checked_add(span).ok())
            .unwrap_or(jiff::civil::Date::MAX);
        Self::of(later)
    }

    /// Parses `YYYY-MM-DD`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.trim().splitn(3, '-');
        let year: u16 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        // jiff rejects 2024-02-30 and the like.
        let d = jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Self::of(d))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_round_trip_and_add_years() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.add_years(1).to_string(), "2025-02-28");
        assert_eq!(d.add_years(4).to_string(), "2028-02-29");
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(
            Date::parse("2026-11-22").unwrap().days() - Date::parse("2026-08-24").unwrap().days(),
            90
        );
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("soon").is_none());
    }
}
