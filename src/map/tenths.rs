//! Coordinates in the maps' SVG: a number with one decimal, written exactly as
//! `format!("{x:.1}")` writes it, without the cost of Rust's exact float formatting (a large
//! part of drawing a card page, whose map has a few dozen coordinates).
//!
//! Rounding is of the exact binary value, to the nearest tenth, ties to even: `0.35` is stored
//! as 0.34999… and gives `0.3`; `0.25` is exact and gives `0.2`.

use std::fmt;

/// `x`, shown with one decimal.
#[derive(Debug, Clone, Copy)]
pub struct Tenths(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if !x.is_finite() || x.abs() >= 1e15 {
            return write!(f, "{x:.1}");
        }
        // x = m · 2^e exactly; x · 10 = m · 10 · 2^e, rounded to a whole number.
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | 1 << 52, biased - 1075)
        };
        let tenths = if e >= 0 {
            // Below 1e15, so m · 10 · 2^e < 2^64.
            u128::from(m * 10) << e
        } else {
            let shift = e.unsigned_abs();
            let n = u128::from(m) * 10;
            if shift >= 120 {
                // n < 2^57: far less than a half.
                0
            } else {
                let q = n >> shift;
                let r = n - (q << shift);
                let half = 1u128 << (shift - 1);
                q + u128::from(r > half || (r == half && q & 1 == 1))
            }
        };
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        let mut digits = itoa::Buffer::new();
        f.write_str(digits.format(tenths / 10))?;
        f.write_str(".")?;
        f.write_str(digits.format(tenths % 10))
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;
    use proptest::prelude::*;

    fn same(x: f64) {
        assert_eq!(Tenths(x).to_string(), format!("{x:.1}"), "{x:e}");
    }

    #[test]
    fn tenths_are_written_as_format_writes_them() {
        for x in [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            -0.04,
            -0.05,
            -0.25,
            1.45,
            2.5,
            9.95,
            99.95,
            400.0,
            611.4999,
            -12.65,
            1e-300,
            5e-324,
            123456789.05,
            999999999999999.9,
            1e15,
            -1e16,
            f64::MAX,
        ] {
            same(x);
        }
        // Every half between two tenths, from below and above.
        for i in -20_000..20_000 {
            let x = f64::from(i) / 20.0;
            same(x);
            same(f64::from_bits(x.to_bits() + 1));
            same(f64::from_bits(x.to_bits().saturating_sub(1)));
        }
    }

    proptest! {
        #[test]
        fn any_float_is_written_as_format_writes_it(x in -2000.0f64..2000.0, bits in any::<u64>()) {
            same(x);
            let y = f64::from_bits(bits);
            if y.is_finite() {
                same(y);
            }
        }
    }
}
