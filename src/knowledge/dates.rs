//! Relative dates ("Saturday", "this month", "in November") read from a publication date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

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
    fn formats_dates_in_ap_style() {
        assert_eq!(format_date(d(2024, 1, 20)), "Saturday, Jan. 20, 2024");
        assert_eq!(format_date(d(2023, 9, 3)), "Sunday, Sept. 3, 2023");
    }
}
