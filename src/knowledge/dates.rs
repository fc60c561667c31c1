//! Dates as the knowledge base writes them (`YYYY-MM-DD`), and relative dates ("Saturday",
//! "this month", "in November") read from a publication date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Why a written date was refused. The message names the text, not the field: callers say
/// which field or flag it was ("published date \"24-01-25\" must be ...").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// "24-01-25", "0024-01-25": chrono reads a year of any width, so "24" would
    /// silently become the year 24 and every citation would show it.
    #[error("\"{0}\" must be YYYY-MM-DD with a four-digit year, e.g. 2024-01-25")]
    Year(String),
    /// The right shape but no such day, or not a date at all ("Monday", "2024-02-30").
    #[error("\"{0}\" is not a date; write it as YYYY-MM-DD, e.g. 2024-01-25")]
    NotADate(String),
}

/// Parses a date written `YYYY-MM-DD` (surrounding blanks allowed). The year must be four
/// digits from 1000 on: a two-digit year is a typo, never a date in the first century.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    // Control characters would garble the message they are echoed in.
    let shown = || text.trim().replace(|c: char| c.is_control(), "?");
    let trimmed = text.trim();
    let year = trimmed.split('-').next().unwrap_or_default();
    let four_digits = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    if !four_digits || year.starts_with('0') {
        // Only a date-like text is a year problem; "Monday" is simply not a date.
        return Err(
            if trimmed.bytes().any(|b| b.is_ascii_digit()) && trimmed.contains('-') {
                DateError::Year(shown())
            } else {
                DateError::NotADate(shown())
            },
        );
    }
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| DateError::NotADate(shown()))
}

/// Whether a publication date lies more than a year after `today`: a typo ("2204" for
/// "2024") that parses, and would date every relative date of the article wrongly.
pub fn is_far_future(date: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_add_signed(Duration::days(366))
        .is_some_and(|limit| date > limit)
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a lowercase word names a weekday or a month ("saturday", "oct"): a date, not a name.
pub fn is_calendar_word(lower: &str) -> bool {
    const ABBREVIATIONS: [&str; 9] = [
        "jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    WEEKDAYS.iter().any(|(name, _)| *name == lower)
        || MONTHS.contains(&lower)
        || ABBREVIATIONS.contains(&lower)
}

/// Resolves a relative date expression as a news story means it: a weekday is the latest such
/// day on or before publication (news reports the past week), a month name without a year is
/// the latest such month on or before publication. Returns `None` for anything else.
pub fn resolve_relative_date(expr: &str, published: NaiveDate) -> Option<NaiveDate> {
    let expr = expr.trim().to_lowercase();
    let expr = expr
        .trim_start_matches("on ")
        .trim_start_matches("in ")
        .trim();
    match expr {
        "today" | "this week" => return Some(published),
        "yesterday" => return published.pred_opt(),
        "this month" => return published.with_day(1),
        "last week" => return Some(published - Duration::days(7)),
        "last month" => {
            let first = published.with_day(1)?;
            return first.pred_opt()?.with_day(1);
        }
        "this year" => return NaiveDate::from_ymd_opt(published.year(), 1, 1),
        "last year" => return NaiveDate::from_ymd_opt(published.year() - 1, 1, 1),
        "last summer" => return NaiveDate::from_ymd_opt(published.year() - 1, 6, 1),
        _ => {}
    }
    let day = expr
        .trim_start_matches("last ")
        .trim_start_matches("this past ");
    if let Some((_, weekday)) = WEEKDAYS.iter().find(|(name, _)| *name == day) {
        let back =
            (7 + published.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Some(published - Duration::days(i64::from(back)));
    }
    if let Some(month) = MONTHS.iter().position(|m| *m == expr) {
        let month = month as u32 + 1;
        let year = if month <= published.month() {
            published.year()
        } else {
            published.year() - 1
        };
        return NaiveDate::from_ymd_opt(year, month, 1);
    }
    None
}

/// "Saturday, Jan. 20, 2024" style, as AP writes dates.
pub fn format_date(date: NaiveDate) -> String {
    const AP_MONTHS: [&str; 12] = [
        "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ];
    format!(
        "{}, {} {}, {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize].0[..1].to_uppercase()
            + &WEEKDAYS[date.weekday().num_days_from_monday() as usize].0[1..],
        AP_MONTHS[date.month0() as usize],
        date.day(),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn resolves_the_article_dates_from_its_publication_day() {
        let published = d(2024, 1, 25); // a Thursday
        assert_eq!(
            resolve_relative_date("Thursday", published),
            Some(d(2024, 1, 25))
        );
        assert_eq!(
            resolve_relative_date("Saturday", published),
            Some(d(2024, 1, 20))
        );
        assert_eq!(
            resolve_relative_date("on Tuesday", published),
            Some(d(2024, 1, 23))
        );
        assert_eq!(
            resolve_relative_date("this month", published),
            Some(d(2024, 1, 1))
        );
        assert_eq!(
            resolve_relative_date("in November", published),
            Some(d(2023, 11, 1))
        );
        assert_eq!(
            resolve_relative_date("last summer", published),
            Some(d(2023, 6, 1))
        );
        assert_eq!(
            resolve_relative_date("last week", published),
            Some(d(2024, 1, 18))
        );
        assert_eq!(resolve_relative_date("soon", published), None);
    }

    #[test]
    fn dates_need_a_four_digit_year() {
        assert_eq!(parse_date("2024-01-25"), Ok(d(2024, 1, 25)));
        assert_eq!(parse_date(" 2024-01-25 "), Ok(d(2024, 1, 25)));
        for short in [
            "24-01-25",
            "20-01-01",
            "0024-01-25",
            "024-01-25",
            "20240-01-25",
        ] {
            let err = parse_date(short).expect_err(short);
            assert_eq!(err, DateError::Year(short.to_string()));
            assert!(
                err.to_string().contains("four-digit year, e.g. 2024-01-25"),
                "{err}"
            );
        }
        assert_eq!(
            parse_date("Monday"),
            Err(DateError::NotADate("Monday".into()))
        );
        assert_eq!(
            parse_date("2024-02-30"),
            Err(DateError::NotADate("2024-02-30".into()))
        );
        assert!(parse_date("").is_err());
        assert!(parse_date("2024-\u{0}1-01").is_err());
    }

    #[test]
    fn a_date_more_than_a_year_ahead_is_far_future() {
        let today = d(2024, 6, 1);
        assert!(!is_far_future(d(2024, 6, 1), today));
        assert!(!is_far_future(d(2025, 6, 1), today));
        assert!(is_far_future(d(2025, 6, 3), today));
        assert!(!is_far_future(d(1999, 1, 1), today));
    }

    #[test]
    fn formats_dates_in_ap_style() {
        assert_eq!(format_date(d(2024, 1, 20)), "Saturday, Jan. 20, 2024");
        assert_eq!(format_date(d(2023, 9, 3)), "Sunday, Sept. 3, 2023");
    }
}
