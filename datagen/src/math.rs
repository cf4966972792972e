//! `exp` and `ln` built from IEEE-754 addition, multiplication and division only.
//!
//! The platform's libm may differ in the last bit between systems, and one flipped bit can move
//! a rounded value in the output. These versions give the same bits everywhere: their lookup
//! tables are computed at compile time (Rust's const evaluation implements IEEE-754 exactly)
//! and the rest is basic arithmetic. Accuracy is about 1e-15 relative, far beyond what
//! synthetic data needs.

const LN2: f64 = std::f64::consts::LN_2;
const LN2_HI: f64 = 6.931_471_803_691_238_e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// Table size of both functions: `exp` works in steps of `ln 2 / 64`, `ln` in steps of 1/64 of
/// the mantissa.
const STEPS: usize = 64;

/// `2^(j/64)` for j = 0..64.
const EXP_TABLE: [f64; STEPS] = {
    let mut t = [1.0; STEPS];
    let mut j = 1;
    while j < STEPS {
        t[j] = exp_series(j as f64 * LN2 / STEPS as f64);
        j += 1;
    }
    t
};

/// `ln(1 + (j + 0.5) / 64)` for j = 0..64: the logarithm of the middle of each mantissa step.
const LN_TABLE: [f64; STEPS] = {
    let mut t = [0.0; STEPS];
    let mut j = 0;
    while j < STEPS {
        t[j] = ln_series(1.0 + (j as f64 + 0.5) / STEPS as f64);
        j += 1;
    }
    t
};

/// `e^x` by its Taylor series, for small `|x|` (builds the table).
const fn exp_series(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let mut n = 1;
    while n < 30 {
        term = term * x / n as f64;
        sum += term;
        n += 1;
    }
    sum
}

/// `ln m` for `m` in `[1, 2)` by the series of `2 atanh((m - 1) / (m + 1))` (builds the table).
const fn ln_series(m: f64) -> f64 {
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    let mut power = s;
    let mut k = 0;
    while k < 40 {
        sum += power / (2 * k + 1) as f64;
        power *= s2;
        k += 1;
    }
    2.0 * sum
}

/// `e^x`, for `x` clamped to ±700.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.clamp(-700.0, 700.0);
    let k = round(x * (STEPS as f64 / LN2));
    let kf = k as f64 / STEPS as f64;
    // |r| <= ln 2 / 128: five terms of the series reach full precision.
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0)))));
    let j = k.rem_euclid(STEPS as i64) as usize;
    EXP_TABLE[j] * p * pow2(k.div_euclid(STEPS as i64))
}

/// Natural logarithm of a positive finite `x` (NaN or -inf otherwise).
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * pow2(60), -60)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023 + bias;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1023 << 52));
    // The mantissa step j (top 6 bits) and its middle c: ln m = ln c + 2 atanh(s).
    let j = ((bits >> 46) & 0x3f) as usize;
    let c = 1.0 + (j as f64 + 0.5) / STEPS as f64;
    // |s| <= 1/257: four terms reach full precision.
    let s = (m - c) / (m + c);
    let s2 = s * s;
    let series = 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0))));
    let e = e as f64;
    e * LN2_HI + (LN_TABLE[j] + series + e * LN2_LO)
}

/// `x` rounded to the nearest integer, halves away from zero (plain arithmetic, so it is
/// inlined instead of calling libm's `round`).
#[inline]
pub fn round(x: f64) -> i64 {
    if x >= 0.0 {
        (x + 0.5) as i64
    } else {
        -((0.5 - x) as i64)
    }
}

/// `2^k` for `k` in -1022..=1023.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std() {
        let mut x = -50.0;
        while x < 50.0 {
            let (a, b) = (exp(x), x.exp());
            assert!((a - b).abs() <= 1e-14 * b, "exp({x}) = {a}, std {b}");
            x += 0.0137;
        }
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn ln_matches_std() {
        let mut x = 1e-17;
        while x < 1e12 {
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-14 * x.ln().abs().max(1.0),
                "ln({x}) = {}, std {}",
                ln(x),
                x.ln()
            );
            x *= 1.0371;
        }
        assert!(ln(1.0).abs() < 1e-16);
        assert!((ln(1e-310) - 1e-310f64.ln()).abs() < 1e-12);
        assert!(ln(-1.0).is_nan());
    }

    #[test]
    fn round_halves_away_from_zero() {
        assert_eq!(round(2.5), 3);
        assert_eq!(round(2.4), 2);
        assert_eq!(round(-2.5), -3);
        assert_eq!(round(-0.2), 0);
    }
}
