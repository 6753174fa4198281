//! Exact shares and thresholds: `1/3`, `30%`, `19.9%`. Integer arithmetic only.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative rational number `num/den`, kept with the text it was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratio {
    /// Numerator.
    pub num: u64,
    /// Denominator, never zero.
    pub den: u64,
    /// How the threshold was written (`30%`, `1/3`), for messages.
    pub text: String,
}

impl Ratio {
    /// Parses `N%`, `N.M%` or `A/B`. The result must lie between 0 and 1 inclusive.
    ///
    /// # Errors
    /// A message in plain words when the text is not a share.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let (num, den) = if let Some(pct) = t.strip_suffix('%') {
            let pct = pct.trim();
            let (whole, frac) = pct.split_once('.').unwrap_or((pct, ""));
            if whole.is_empty()
                || !whole.bytes().all(|b| b.is_ascii_digit())
                || !frac.bytes().all(|b| b.is_ascii_digit())
                || frac.len() > 6
                || whole.len() > 3
            {
                return Err(format!(
                    "`{text}` is not a percentage like `30%` or `19.9%`"
                ));
            }
            let scale = 10u64.pow(u32::try_from(frac.len()).unwrap_or(0));
            let digits: String = format!("{whole}{frac}");
            let n: u64 = digits
                .parse()
                .map_err(|_| format!("`{text}` is not a percentage"))?;
            (n, 100 * scale)
        } else if let Some((a, b)) = t.split_once('/') {
            let parse = |s: &str| s.trim().parse::<u64>().ok().filter(|v| *v < 1_000_000);
            match (parse(a), parse(b)) {
                (Some(_), Some(0)) => return Err(format!("`{text}` divides by zero")),
                (Some(a), Some(b)) => (a, b),
                _ => return Err(format!("`{text}` is not a fraction like `1/3`")),
            }
        } else {
            return Err(format!(
                "`{text}` is not a share: write a fraction like `1/3` or a percentage like `30%`"
            ));
        };
        if num > den {
            return Err(format!("`{text}` is more than the whole board (100%)"));
        }
        let g = gcd(num, den);
        Ok(Self {
            num: num / g,
            den: den / g,
            text: t.to_string(),
        })
    }

    /// Compares the share `part/whole` with this ratio, exactly, by cross-multiplication.
    /// A share of an empty whole (`whole == 0`) compares as zero.
    #[must_use]
    pub fn cmp_share(&self, part: u64, whole: u64) -> Ordering {
        if whole == 0 {
            return 0u128.cmp(&u128::from(self.num));
        }
        (u128::from(part) * u128::from(self.den)).cmp(&(u128::from(self.num) * u128::from(whole)))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// Formats `part` of `whole` as a percentage with at most one decimal place, rounded half up:
/// `3, 13` → `23.1%`. For display only; decisions never use it.
#[must_use]
pub fn percent(part: impl Into<u128>, whole: impl Into<u128>) -> String {
    let (part, whole): (u128, u128) = (part.into(), whole.into());
    if whole == 0 {
        return "0%".to_string();
    }
    // tenths of a percent, rounded half up: (part * 1000 + whole/2) / whole; a part past
    // 2^118 is scaled down with its whole first, so nothing overflows.
    let shift = 128 - part.max(whole).leading_zeros();
    let shift = shift.saturating_sub(118);
    let (part, whole) = (part >> shift, (whole >> shift).max(1));
    let tenths = (part * 1000 + whole / 2) / whole;
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_percentages_and_fractions() {
        let r = Ratio::parse("30%").unwrap();
        assert_eq!((r.num, r.den), (3, 10));
        let r = Ratio::parse("19.9%").unwrap();
        assert_eq!((r.num, r.den), (199, 1000));
        let r = Ratio::parse("2/6").unwrap();
        assert_eq!((r.num, r.den), (1, 3));
        assert_eq!(r.text, "2/6");
        assert!(Ratio::parse("130%").is_err());
        assert!(Ratio::parse("3/0").is_err());
        assert!(Ratio::parse("0.3").is_err());
        assert!(Ratio::parse("thirty%").is_err());
        assert!(Ratio::parse("-1/3").is_err());
    }

    #[test]
    fn compares_exactly_at_the_boundary() {
        let third = Ratio::parse("1/3").unwrap();
        assert_eq!(third.cmp_share(4, 12), Ordering::Equal);
        assert_eq!(third.cmp_share(5, 12), Ordering::Greater);
        assert_eq!(third.cmp_share(3, 12), Ordering::Less);
        let thirty = Ratio::parse("30%").unwrap();
        assert_eq!(thirty.cmp_share(3, 10), Ordering::Equal);
        assert_eq!(thirty.cmp_share(3, 11), Ordering::Less);
        let just_under = Ratio::parse("29.9%").unwrap();
        assert_eq!(just_under.cmp_share(3, 10), Ordering::Greater);
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(percent(3u64, 10u64), "30%");
        assert_eq!(percent(3u64, 13u64), "23.1%");
        assert_eq!(percent(1u64, 3u64), "33.3%");
        assert_eq!(percent(2u64, 3u64), "66.7%");
        assert_eq!(percent(0u64, 0u64), "0%");
    }
}
