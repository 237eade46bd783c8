//! Fixed-point decimal text of `f64` values (`{:.N}`), fast and byte-identical to `format!`.
//!
//! `corridors snap` writes three such numbers per row; `core::fmt`'s exact formatting (Grisu
//! with a Dragon fallback) was a tenth of the whole run on a million rows. Scaling by 10^N and
//! rounding to an integer gives the same digits whenever the scaled value is not within
//! rounding error of a tie (…5 exactly at the last digit), where the two could round
//! differently; those rare values, negative numbers (`-0.0`), and values too large for the
//! integer path go through `format!` itself, so the text is always what `{:.N}` prints.

use std::fmt::Write as _;

/// Appends `x` with `decimals` digits after the point, exactly as `format!("{x:.decimals$}")`.
pub fn push_fixed(out: &mut Vec<u8>, x: f64, decimals: usize) {
    debug_assert!(decimals <= 9);
    // 10^N, exact (every power of ten up to 10^22 is a double); a table rather than `powi`,
    // which is a call to a libgcc loop three times a row
    const POW10: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    let scale = POW10[decimals];
    let scaled = x * scale;
    // One rounding step (the product) separates `scaled` from x·10^N: at most half an ulp of
    // `scaled`. Away from a tie by more than that, rounding `scaled` rounds x·10^N the same way.
    // 2^52: every integer below it is exact, and the margin below stays far under 0.5.
    if x.is_sign_positive() && scaled < 4.5e15 {
        let floor = scaled.floor();
        let frac = scaled - floor;
        let margin = scaled * 4.0 * f64::EPSILON + f64::MIN_POSITIVE;
        if (frac - 0.5).abs() > margin {
            let n = if frac > 0.5 { floor + 1.0 } else { floor } as u64;
            let unit = 10u64.pow(decimals as u32);
            push_u64(out, n / unit);
            if decimals > 0 {
                out.push(b'.');
                let mut frac_digits = [b'0'; 9];
                let mut f = n % unit;
                for d in frac_digits[..decimals].iter_mut().rev() {
                    *d = b'0' + (f % 10) as u8;
                    f /= 10;
                }
                out.extend_from_slice(&frac_digits[..decimals]);
            }
            return;
        }
    }
    let mut s = String::new();
    let _ = write!(s, "{x:.decimals$}");
    out.extend_from_slice(s.as_bytes());
}

/// Appends the decimal digits of `n`.
fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::push_fixed;

    fn check(x: f64, d: usize) {
        let mut v = Vec::new();
        push_fixed(&mut v, x, d);
        assert_eq!(
            String::from_utf8(v).unwrap(),
            format!("{x:.d$}"),
            "{x:e} with {d} decimals"
        );
    }

    #[test]
    fn agrees_with_format_everywhere() {
        let specials = [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            1.45,
            2.5,
            0.000_000_5,
            0.123_456_5,
            0.999_999_5,
            0.999_999_95,
            1e-300,
            5e-324,
            9.95,
            99.95,
            1e15,
            4.5e14,
            4.6e15,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -1.25,
            -3.0,
            12_345.678_9,
        ];
        for &x in &specials {
            for d in [0, 1, 2, 6, 9] {
                check(x, d);
            }
        }
        // seeded: values of every magnitude, and values on or next to decimal ties
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for _ in 0..200_000 {
            let r = next();
            let x = match r % 4 {
                0 => f64::from_bits(next() >> 2), // any positive finite magnitude
                1 => (next() % 100_000_000) as f64 / 1000.0,
                2 => ((next() % 2_000_000) as f64 + 0.5) / 10f64.powi((next() % 7) as i32),
                _ => {
                    let t = ((next() % 10_000_000) as f64 + 0.5) / 1e6;
                    f64::from_bits(t.to_bits().wrapping_add(next() % 5).wrapping_sub(2))
                }
            };
            for d in [1, 6] {
                check(x, d);
            }
        }
    }
}
