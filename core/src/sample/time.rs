//! Calendar arithmetic in whole numbers, without time zones: dates as days
//! since 1970-01-01, timestamps as seconds since 1970-01-01 00:00:00.

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

/// The first second of 0001-01-01, the earliest instant written.
const MIN_INSTANT: i64 = -62_135_596_800;

/// The last second of 9999-12-31, the latest instant written.
const MAX_INSTANT: i64 = 253_402_300_799;

/// Days since 1970-01-01 of a proleptic Gregorian date (after Howard
/// Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let month = i64::from(month);
    let shifted = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * shifted + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(text: &[u8]) -> Option<u32> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Days since 1970-01-01 of `YYYY-MM-DD`, or `None` if it is not a date.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i64::from(digits(b.get(0..4)?)?);
    let month = digits(b.get(5..7)?)?;
    let day = digits(b.get(8..10)?)?;
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Seconds since 1970-01-01 00:00:00 of `YYYY-MM-DD[ HH:MM[:SS]]` (a `T`
/// may separate date and time). A bare date means its first second, or its
/// last when `end_of_day`.
pub(crate) fn parse_timestamp(text: &str, end_of_day: bool) -> Option<i64> {
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    let days = parse_date(date)?;
    let seconds = match time {
        None if end_of_day => DAY - 1,
        None => 0,
        Some(time) => {
            let mut parts = time.split(':');
            let hour = digits(parts.next()?.as_bytes())?;
            let minute = digits(parts.next()?.as_bytes())?;
            let second = match parts.next() {
                Some(s) => digits(s.as_bytes())?,
                None => 0,
            };
            if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            i64::from(hour * 3600 + minute * 60 + second)
        }
    };
    Some(days * DAY + seconds)
}

/// Appends `value` in decimal, left-padded with zeros to `width` digits.
pub(crate) fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = value;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    for _ in (buf.len() - i)..width {
        out.push(b'0');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends `YYYY-MM-DD` for the day `days` since 1970-01-01.
pub(crate) fn push_date(out: &mut Vec<u8>, days: i64) {
    let days = days.clamp(MIN_INSTANT / DAY, MAX_INSTANT / DAY);
    let (year, month, day) = civil_from_days(days);
    push_padded(out, year.unsigned_abs(), 4);
    out.push(b'-');
    push_padded(out, u64::from(month), 2);
    out.push(b'-');
    push_padded(out, u64::from(day), 2);
}

/// Appends `YYYY-MM-DD HH:MM:SS` for the instant `seconds` since 1970.
pub(crate) fn push_timestamp(out: &mut Vec<u8>, seconds: i64) {
    let seconds = seconds.clamp(MIN_INSTANT, MAX_INSTANT);
    push_date(out, seconds.div_euclid(DAY));
    let of_day = seconds.rem_euclid(DAY) as u64;
    out.push(b' ');
    push_padded(out, of_day / 3600, 2);
    out.push(b':');
    push_padded(out, of_day / 60 % 60, 2);
    out.push(b':');
    push_padded(out, of_day % 60, 2);
}

/// Clamps an instant to the years 0001 to 9999.
pub(crate) fn clamp_instant(seconds: i64) -> i64 {
    seconds.clamp(MIN_INSTANT, MAX_INSTANT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(days: i64) -> String {
        let mut out = Vec::new();
        push_date(&mut out, days);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn days_round_trip_through_the_calendar() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_date("2026-01-01"), Some(20_454));
        for days in [-719_162, -1, 0, 59, 60, 11_016, 20_454, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert_eq!(parse_date(&date(days)), Some(days), "{}", date(days));
        }
        assert_eq!(date(-719_162), "0001-01-01");
        assert_eq!(date(2_932_896), "9999-12-31");
    }

    #[test]
    fn parses_only_real_dates_and_times() {
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "",
            "0000-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_timestamp("1970-01-02", false), Some(DAY));
        assert_eq!(parse_timestamp("1970-01-01", true), Some(DAY - 1));
        assert_eq!(parse_timestamp("1970-01-01T01:02:03", false), Some(3723));
        assert_eq!(parse_timestamp("1970-01-01 01:02", false), Some(3720));
        assert_eq!(parse_timestamp("1970-01-01 24:00:00", false), None);
    }

    #[test]
    fn formats_timestamps() {
        let mut out = Vec::new();
        push_timestamp(
            &mut out,
            parse_timestamp("2025-12-31 23:59:58", false).unwrap(),
        );
        assert_eq!(out, b"2025-12-31 23:59:58");
    }
}
