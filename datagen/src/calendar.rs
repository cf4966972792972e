//! Proleptic Gregorian calendar arithmetic on days and seconds since the Unix epoch (UTC), and
//! the text forms the generator reads and writes.

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// Seconds in an hour.
pub const HOUR: i64 = 3_600;
/// Microseconds in a second.
pub const MICROS: i64 = 1_000_000;

/// Days since 1970-01-01 of a calendar date (month 1-12, day 1-31; not validated).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date `(year, month, day)` of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day of the week of a day number: 0 = Monday … 6 = Sunday.
pub fn weekday(days: i64) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

/// Number of days in a month.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])? as u32;
    let day = digits(&b[8..10])? as u32;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` into seconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let days = parse_date(text.get(0..10)?)?;
    let (h, m, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let offset = match &b[19..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let minutes = digits(&[*oh1, *oh2])? * 60 + digits(&[*om1, *om2])?;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    Some(days * DAY + h * HOUR + m * 60 + s - offset * 60)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// Appends `YYYY-MM-DD`.
pub fn write_date(out: &mut Vec<u8>, days: i64) {
    let (y, m, d) = civil_from_days(days);
    write_padded(out, y, 4);
    out.push(b'-');
    write_padded(out, i64::from(m), 2);
    out.push(b'-');
    write_padded(out, i64::from(d), 2);
}

/// Appends `YYYY-MM-DDTHH:MM:SS` and `Z`, or the local time at `offset_minutes` and `±HH:MM`.
pub fn write_timestamp(out: &mut Vec<u8>, seconds: i64, offset_minutes: i32) {
    let local = seconds + i64::from(offset_minutes) * 60;
    let (days, sod) = (local.div_euclid(DAY), local.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        write_date(out, days);
        out.push(b'T');
        write_padded(out, sod / HOUR, 2);
        out.push(b':');
        write_padded(out, sod / 60 % 60, 2);
        out.push(b':');
        write_padded(out, sod % 60, 2);
    } else {
        // The common case in one fixed-size buffer.
        let mut b = *b"0000-00-00T00:00:00";
        let y = y as u32;
        b[0] = b'0' + (y / 1000) as u8;
        b[1] = b'0' + (y / 100 % 10) as u8;
        b[2] = b'0' + (y / 10 % 10) as u8;
        b[3] = b'0' + (y % 10) as u8;
        two_digits(&mut b[5..7], m);
        two_digits(&mut b[8..10], d);
        two_digits(&mut b[11..13], (sod / HOUR) as u32);
        two_digits(&mut b[14..16], (sod / 60 % 60) as u32);
        two_digits(&mut b[17..19], (sod % 60) as u32);
        out.extend_from_slice(&b);
    }
    if offset_minutes == 0 {
        out.push(b'Z');
    } else {
        let abs = offset_minutes.unsigned_abs();
        let mut b = *b"+00:00";
        if offset_minutes < 0 {
            b[0] = b'-';
        }
        two_digits(&mut b[1..3], abs / 60);
        two_digits(&mut b[4..6], abs % 60);
        out.extend_from_slice(&b);
    }
}

/// Writes a number below 100 as two digits.
fn two_digits(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

/// The `YYYY-MM-DD` text of a day number.
pub fn date_string(days: i64) -> String {
    let mut out = Vec::with_capacity(10);
    write_date(&mut out, days);
    String::from_utf8_lossy(&out).into_owned()
}

/// The `YYYY-MM-DDTHH:MM:SSZ` text of an instant.
pub fn timestamp_string(seconds: i64) -> String {
    let mut out = Vec::with_capacity(20);
    write_timestamp(&mut out, seconds, 0);
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends a non-negative number zero-padded to `width` digits (more if it needs them).
fn write_padded(out: &mut Vec<u8>, value: i64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut v = value.unsigned_abs();
    let mut i = buf.len();
    while v > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let start = (buf.len() - width).min(i);
    if value < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in -800_000..800_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2025, 7, 1), 20_270);
        assert_eq!(weekday(days_from_civil(2025, 7, 1)), 1); // a Tuesday
        assert_eq!(weekday(days_from_civil(2026, 11, 27)), 4); // a Friday
    }

    #[test]
    fn timestamps_round_trip() {
        let t = parse_timestamp("2026-01-05T09:12:33Z").unwrap();
        assert_eq!(timestamp_string(t), "2026-01-05T09:12:33Z");
        let mut out = Vec::new();
        write_timestamp(&mut out, t, -300);
        assert_eq!(out, b"2026-01-05T04:12:33-05:00");
        assert_eq!(parse_timestamp("2026-01-05T04:12:33-05:00"), Some(t));
        assert_eq!(parse_timestamp("2026-01-05T10:12:33+01:00"), Some(t));
        assert_eq!(parse_timestamp("2026-02-31T10:00:00Z"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(date_string(20_270), "2025-07-01");
    }
}
