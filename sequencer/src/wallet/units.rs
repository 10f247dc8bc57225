//! Token amounts: decimal text in a token's units (`1.5` ETH) to base units (wei) and back.

use super::{WalletError, WalletResult};

/// `text` (digits, at most one `.`, at most `decimals` fractional digits) in base units.
pub fn parse_amount(text: &str, decimals: u8) -> WalletResult<u128> {
    let bad = |why: &str| WalletError::Usage(format!("amount {text:?}: {why}"));
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(bad("empty"));
    }
    if !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad("expected a decimal number such as 1.5"));
    }
    if fraction.len() > usize::from(decimals) {
        return Err(bad(&format!("the token has {decimals} decimals")));
    }
    let scale = 10u128.checked_pow(u32::from(decimals)).ok_or_else(|| bad("too many decimals"))?;
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad("too large"))? };
    let padded = format!("{fraction:0<width$}", width = usize::from(decimals));
    let fraction: u128 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| bad("too large"))? };
    whole.checked_mul(scale).and_then(|w| w.checked_add(fraction)).ok_or_else(|| bad("too large"))
}

/// `amount` base units as decimal text, without trailing zeros (`1500000000000000000`, 18 ->
/// `1.5`).
pub fn format_amount(amount: u128, decimals: u8) -> String {
    let scale = 10u128.pow(u32::from(decimals));
    let (whole, fraction) = (amount / scale, amount % scale);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0>width$}", width = usize::from(decimals));
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip() {
        assert_eq!(parse_amount("1.5", 18).unwrap(), 1_500_000_000_000_000_000);
        assert_eq!(parse_amount("0.000001", 6).unwrap(), 1);
        assert_eq!(parse_amount("42", 0).unwrap(), 42);
        assert_eq!(parse_amount(".25", 2).unwrap(), 25);
        assert_eq!(format_amount(1_500_000_000_000_000_000, 18), "1.5");
        assert_eq!(format_amount(7, 18), "0.000000000000000007");
        assert_eq!(format_amount(3_000_000, 6), "3");
        for bad in ["", ".", "1.2.3", "-1", "1e5", "0.0000001"] {
            assert!(parse_amount(bad, 6).is_err(), "{bad:?} must be refused");
        }
        assert!(parse_amount("340282366920938463463374607431768211456", 0).is_err(), "u128 overflow");
    }
}
