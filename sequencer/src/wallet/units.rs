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

/// The wallet's default slippage tolerance: 0.5%, in basis points.
pub const DEFAULT_SLIPPAGE_BPS: u32 = 50;

/// The least of a quoted `expected` amount a transaction should accept, `slippage_bps` basis
/// points below it (at most 10 000): a swap's `min_amount_out`, an add-liquidity's `min_lp`.
pub fn with_slippage(expected: u128, slippage_bps: u32) -> u128 {
    let bps = u128::from(slippage_bps.min(10_000));
    // ⌊expected·bps/10⁴⌋ without overflow, off by nothing.
    let tolerated = expected / 10_000 * bps + expected % 10_000 * bps / 10_000;
    expected - tolerated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slippage_is_taken_off_the_quote_rounded_in_the_signer_s_favour() {
        assert_eq!(with_slippage(10_000, DEFAULT_SLIPPAGE_BPS), 9_950);
        assert_eq!(with_slippage(1_901, DEFAULT_SLIPPAGE_BPS), 1_892, "9.505 shares tolerated, 9 taken off");
        assert_eq!(with_slippage(u128::MAX, 10_000), 0);
        assert_eq!(with_slippage(u128::MAX, 0), u128::MAX);
        assert_eq!(with_slippage(u128::MAX, 50), u128::MAX - (u128::MAX / 200));
        assert_eq!(with_slippage(7, 20_000), 0, "more than 100% is 100%");
    }

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
