//! Exact amounts: a decimal when the value has a finite decimal expansion, else a fraction.
//!
//! The certificate's arithmetic divides (a Stated Value by a Conversion Price, days by 360)
//! and only then rounds, where the text says so. A 28-digit decimal approximation of 9,073/9
//! multiplied back can land a hair below a tie and round the wrong way; so a division that
//! does not terminate keeps its numerator and denominator, and the later arithmetic stays
//! exact. Rounding (`round_dp`) is exact in both forms. Every operation is checked: `None`
//! when a result leaves the range (about 28 significant digits for decimals, 38 digits for a
//! fraction's parts), which the evaluator reports as an arithmetic error naming the rule.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use rust_decimal::{Decimal, RoundingStrategy};

/// An exact rational amount.
#[derive(Debug, Clone, Copy)]
pub struct Exact(Repr);

#[derive(Debug, Clone, Copy)]
enum Repr {
    Dec(Decimal),
    /// `num / den` in lowest terms, `den > 1`: a value with no finite decimal expansion, or
    /// one with more places than a decimal holds.
    Ratio {
        num: i128,
        den: i128,
    },
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact(Repr::Dec(d))
    }
}

impl From<i64> for Exact {
    fn from(n: i64) -> Exact {
        Exact(Repr::Dec(Decimal::from(n)))
    }
}

/// The greatest common divisor, at least 1 (so it can always divide). `None` when it does not
/// fit an `i128` (only for `i128::MIN` with itself or 0).
fn gcd(a: i128, b: i128) -> Option<i128> {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a.max(1)).ok()
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// A decimal as a fraction `(mantissa, 10^scale)`.
fn fraction(d: Decimal) -> Option<(i128, i128)> {
    Some((d.mantissa(), pow10(d.scale())?))
}

impl Exact {
    pub const ZERO: Exact = Exact(Repr::Dec(Decimal::ZERO));

    /// `num / den`, reduced, as a decimal when it terminates.
    pub fn ratio(num: i128, den: i128) -> Option<Exact> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den)?;
        let (mut num, mut den) = (num.checked_div(g)?, den.checked_div(g)?);
        if den < 0 {
            (num, den) = (num.checked_neg()?, den.checked_neg()?);
        }
        // Terminating: den = 2^a 5^b. Then num/den = num × 2^(k-a) 5^(k-b) / 10^k.
        let (mut rest, mut twos, mut fives) = (den, 0u32, 0u32);
        while rest % 2 == 0 {
            rest /= 2;
            twos += 1;
        }
        while rest % 5 == 0 {
            rest /= 5;
            fives += 1;
        }
        if rest == 1 {
            let k = twos.max(fives);
            let scale_up = 2i128
                .checked_pow(k - twos)?
                .checked_mul(5i128.checked_pow(k - fives)?)?;
            if let Some(d) = num.checked_mul(scale_up).and_then(|m| decimal(m, k)) {
                return Some(Exact(Repr::Dec(d)));
            }
        }
        // Beyond a decimal's range (about 7.9 × 10^28) is an overflow, as for decimals.
        if (num / den).unsigned_abs() >= 1u128 << 96 {
            return None;
        }
        Some(Exact(Repr::Ratio { num, den }))
    }

    fn parts(self) -> Option<(i128, i128)> {
        match self.0 {
            Repr::Dec(d) => fraction(d),
            Repr::Ratio { num, den } => Some((num, den)),
        }
    }

    pub fn checked_add(self, o: Exact) -> Option<Exact> {
        if let (Repr::Dec(a), Repr::Dec(b)) = (self.0, o.0) {
            let s = a.scale().max(b.scale());
            let x = a.mantissa().checked_mul(pow10(s - a.scale())?)?;
            let y = b.mantissa().checked_mul(pow10(s - b.scale())?)?;
            if let Some(sum) = decimal(x.checked_add(y)?, s) {
                return Some(Exact::from(sum));
            }
        }
        let ((a, b), (c, d)) = (self.parts()?, o.parts()?);
        let g = gcd(b, d)?;
        let num = a
            .checked_mul(d.checked_div(g)?)?
            .checked_add(c.checked_mul(b.checked_div(g)?)?)?;
        Exact::ratio(num, b.checked_div(g)?.checked_mul(d)?)
    }

    pub fn checked_sub(self, o: Exact) -> Option<Exact> {
        self.checked_add(o.checked_neg()?)
    }

    pub fn checked_neg(self) -> Option<Exact> {
        Some(match self.0 {
            Repr::Dec(d) => Exact(Repr::Dec(-d)),
            Repr::Ratio { num, den } => Exact(Repr::Ratio {
                num: num.checked_neg()?,
                den,
            }),
        })
    }

    pub fn checked_mul(self, o: Exact) -> Option<Exact> {
        if let (Repr::Dec(a), Repr::Dec(b)) = (self.0, o.0) {
            let m = a.mantissa().checked_mul(b.mantissa());
            if let Some(p) = m.and_then(|m| decimal(m, a.scale() + b.scale())) {
                return Some(Exact::from(p));
            }
        }
        let ((a, b), (c, d)) = (self.parts()?, o.parts()?);
        // Cross-reduce first so the parts stay small.
        let (g1, g2) = (gcd(a, d)?, gcd(c, b)?);
        let num = a.checked_div(g1)?.checked_mul(c.checked_div(g2)?)?;
        let den = b.checked_div(g2)?.checked_mul(d.checked_div(g1)?)?;
        Exact::ratio(num, den)
    }

    /// `None` on division by zero, as on overflow.
    pub fn checked_div(self, o: Exact) -> Option<Exact> {
        if o.is_zero() {
            return None;
        }
        let (c, d) = o.parts()?;
        self.checked_mul(Exact::ratio(d, c)?)
    }

    pub fn is_zero(self) -> bool {
        match self.0 {
            Repr::Dec(d) => d.is_zero(),
            Repr::Ratio { .. } => false,
        }
    }

    pub fn is_sign_negative(self) -> bool {
        match self.0 {
            Repr::Dec(d) => d.is_sign_negative() && !d.is_zero(),
            Repr::Ratio { num, .. } => num < 0,
        }
    }

    /// Whether the value has a finite decimal expansion (then `to_decimal` is exact).
    pub fn is_decimal(self) -> bool {
        matches!(self.0, Repr::Dec(_))
    }

    /// The value as a decimal: exact when it terminates, else to 28 significant digits.
    pub fn to_decimal(self) -> Decimal {
        match self.0 {
            Repr::Dec(d) => d,
            Repr::Ratio { num, den } => {
                // The whole part exactly (a ratio is kept within a decimal's range), then the
                // fraction; parts past a decimal's 96 bits are halved together, which moves
                // only digits beyond the 28th.
                let (whole, (mut r, mut d)) = (num / den, (num % den, den));
                while d.unsigned_abs() >= 1u128 << 96 {
                    (r, d) = (r / 2, d / 2);
                }
                let part = |x: i128| Decimal::try_from_i128_with_scale(x, 0).unwrap_or_default();
                let fraction = part(r).checked_div(part(d)).unwrap_or_default();
                part(whole).checked_add(fraction).unwrap_or(part(whole))
            }
        }
    }

    /// Rounded to `dp` decimal places, exactly (a tie is a tie), with the result at that scale.
    pub fn round_dp(self, dp: u32, strategy: RoundingStrategy) -> Option<Decimal> {
        match self.0 {
            Repr::Dec(d) => {
                let mut r = d.round_dp_with_strategy(dp, strategy);
                if r.scale() < dp {
                    r.rescale(dp);
                }
                Some(r)
            }
            Repr::Ratio { num, den } => {
                let scaled = num.checked_mul(pow10(dp)?)?;
                let (q, r) = (scaled / den, scaled % den);
                // |r| / den against one half, exactly: compare 2|r| with den.
                let twice = r.checked_abs()?.checked_mul(2)?;
                let away = match strategy {
                    RoundingStrategy::ToZero => false,
                    RoundingStrategy::AwayFromZero => r != 0,
                    RoundingStrategy::MidpointAwayFromZero => twice >= den,
                    RoundingStrategy::MidpointTowardZero => twice > den,
                    RoundingStrategy::MidpointNearestEven => {
                        twice > den || (twice == den && q % 2 != 0)
                    }
                    RoundingStrategy::ToNegativeInfinity => r < 0,
                    RoundingStrategy::ToPositiveInfinity => r > 0,
                    _ => twice >= den,
                };
                let q = if away {
                    q.checked_add(if scaled < 0 { -1 } else { 1 })?
                } else {
                    q
                };
                decimal(q, dp)
            }
        }
    }
}

/// `mantissa × 10^-scale` as a decimal, trailing zeros dropped where the range needs it.
fn decimal(mut mantissa: i128, mut scale: u32) -> Option<Decimal> {
    while scale > 28 || mantissa.unsigned_abs() >= 1u128 << 96 {
        if scale == 0 || mantissa % 10 != 0 {
            return None;
        }
        mantissa /= 10;
        scale -= 1;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

impl PartialEq for Exact {
    fn eq(&self, o: &Exact) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, o: &Exact) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Exact {
    fn cmp(&self, o: &Exact) -> Ordering {
        if let (Repr::Dec(a), Repr::Dec(b)) = (self.0, o.0) {
            return a.cmp(&b);
        }
        match (self.parts(), o.parts()) {
            (Some((a, b)), Some((c, d))) => match (a.checked_mul(d), c.checked_mul(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => self.to_decimal().cmp(&o.to_decimal()),
            },
            _ => self.to_decimal().cmp(&o.to_decimal()),
        }
    }
}

impl Hash for Exact {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.0 {
            Repr::Dec(d) => d.normalize().hash(h),
            Repr::Ratio { num, den } => (num, den).hash(h),
        }
    }
}

impl std::fmt::Display for Exact {
    /// A decimal exactly (trailing zeros dropped); a fraction to 28 significant digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_decimal().normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Exact {
        Exact::from(s.parse::<Decimal>().unwrap())
    }

    /// 27 × (9,073 / 9) / 0.96 = 28,353.125 exactly, which half-up rounds to 28,353.13.
    #[test]
    fn a_tie_stays_a_tie() {
        let ratio = d("9073").checked_div(d("9")).unwrap();
        assert!(!ratio.is_decimal());
        let shares = d("27")
            .checked_mul(ratio)
            .unwrap()
            .checked_div(d("0.96"))
            .unwrap();
        assert!(shares.is_decimal());
        assert_eq!(shares.to_decimal(), "28353.125".parse::<Decimal>().unwrap());
        let r = shares
            .round_dp(2, RoundingStrategy::MidpointAwayFromZero)
            .unwrap();
        assert_eq!(r.to_string(), "28353.13");
    }

    #[test]
    fn fractions_round_exactly_and_compare() {
        let third = d("1").checked_div(d("3")).unwrap();
        assert_eq!(
            third
                .round_dp(2, RoundingStrategy::MidpointAwayFromZero)
                .unwrap()
                .to_string(),
            "0.33"
        );
        let two_thirds = d("2").checked_div(d("3")).unwrap();
        assert_eq!(
            two_thirds
                .round_dp(0, RoundingStrategy::ToZero)
                .unwrap()
                .to_string(),
            "0"
        );
        assert!(third < two_thirds);
        assert_eq!(third.checked_add(two_thirds).unwrap(), d("1"));
        assert_eq!(third.checked_mul(d("3")).unwrap(), d("1"));
        let neg = third.checked_neg().unwrap();
        assert_eq!(
            neg.round_dp(0, RoundingStrategy::AwayFromZero)
                .unwrap()
                .to_string(),
            "-1"
        );
        assert!(d("1").checked_div(Exact::ZERO).is_none());
    }

    /// A sum of fractions whose denominators grow past the range is an overflow (`None`, which
    /// the evaluator reports), never a silent 0; a fraction shows its 28 digits.
    #[test]
    fn large_fractions_never_become_zero() {
        let mut sum = Exact::ZERO;
        let mut overflowed = false;
        for p in [
            "1.0133", "0.9871", "1.2117", "1.0337", "1.1079", "1.0302", "1.0202", "0.9901",
        ] {
            match d("1").checked_div(d(p)).and_then(|x| sum.checked_add(x)) {
                Some(s) => sum = s,
                None => {
                    overflowed = true;
                    break;
                }
            }
        }
        let shown = sum.to_decimal();
        assert!(
            overflowed || shown > Decimal::from(7),
            "{shown} {overflowed}"
        );
        assert_eq!(
            d("1").checked_div(d("3")).unwrap().to_decimal().to_string(),
            "0.3333333333333333333333333333"
        );
        // The extremes of the parts overflow (`None`) rather than panic.
        assert!(Exact::ratio(i128::MIN, i128::MIN).is_none_or(|x| x == d("1")));
        assert!(Exact::ratio(i128::MIN, 1).is_none());
        assert!(Exact::ratio(1, i128::MIN).is_none_or(|x| !x.is_zero()));
    }

    #[test]
    fn equal_values_hash_alike() {
        use std::collections::HashSet;
        let set: HashSet<Exact> = [d("1.50"), d("1.5"), d("3").checked_div(d("2")).unwrap()]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 1);
    }
}
