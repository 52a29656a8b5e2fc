//! Pure logic behind the usage charts: axis scales. Native unit tests; no DOM. The
//! rows a table and its CSV share are `contract::table`'s: the server writes the same
//! CSV behind a download link.

/// A "nice" axis maximum at or above `max`: 1, 2 or 5 times a power of ten.
pub fn nice_max(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut power = 1i64;
    while power * 10 <= max {
        power *= 10;
    }
    [1, 2, 5, 10].iter().map(|m| m * power).find(|v| *v >= max).unwrap_or(10 * power)
}

/// `value` scaled to `0..=span` for an axis ending at `axis_max` (integers: no float maths).
pub fn scale(value: i64, axis_max: i64, span: i64) -> i64 {
    if axis_max <= 0 {
        return 0;
    }
    (value.max(0) * span / axis_max).min(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round_numbers_at_or_above_the_data() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(10), 10);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(430), 500);
        assert_eq!(nice_max(501), 1000);
        assert_eq!(nice_max(18_000), 20_000);
    }

    #[test]
    fn scaling_stays_within_the_span() {
        assert_eq!(scale(50, 100, 200), 100);
        assert_eq!(scale(150, 100, 200), 200);
        assert_eq!(scale(-5, 100, 200), 0);
        assert_eq!(scale(5, 0, 200), 0);
    }
}
