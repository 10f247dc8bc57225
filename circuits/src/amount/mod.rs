//! Amounts: the 112-bit balance range and the decimal floating-point codes that keep pubdata
//! short.
//!
//! Balances, reserves and LP supplies are integers below 2^112, like Uniswap v2's `uint112`
//! reserves: the product of two of them (and a 14-bit basis-point factor) stays below the
//! BN254 field modulus, so the circuit can compare AMM products without wrap-around.
//! Transaction amounts and fees travel as `mantissa · 10^exponent` codes, as in zkSync and
//! Hermez: a transfer of 1.23 ETH costs 4 bytes of L1 data instead of 14.

pub mod constraints;

/// Bits of every balance, reserve and LP supply.
pub const BALANCE_BITS: u32 = 112;
/// The largest balance.
pub const MAX_BALANCE: u128 = (1u128 << BALANCE_BITS) - 1;

/// A decimal float format: `code = mantissa << exponent_bits | exponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloatFormat {
    /// Bits of the mantissa.
    pub mantissa_bits: u32,
    /// Bits of the base-10 exponent.
    pub exponent_bits: u32,
}

/// Transaction amounts: 27-bit mantissa (8 significant digits), 5-bit exponent; 32 bits.
pub const AMOUNT_FORMAT: FloatFormat = FloatFormat { mantissa_bits: 27, exponent_bits: 5 };
/// Fees: 6-bit mantissa, 5-bit exponent; 11 bits. Fees need only two significant digits.
pub const FEE_FORMAT: FloatFormat = FloatFormat { mantissa_bits: 6, exponent_bits: 5 };

/// A value that has no code, or a code whose value is out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The value needs more significant digits than the format holds.
    #[error("amount {0} is not representable as mantissa * 10^exponent in {1} bits")]
    NotPackable(u128, u32),
    /// The code is wider than the format, or decodes to more than `MAX_BALANCE`.
    #[error("code {0} is not a valid packed amount")]
    BadCode(u64),
    /// A signed field (an account or token id, say) is wider than its place in the signing
    /// message ([`crate::packing`]).
    #[error(transparent)]
    FieldTooWide(#[from] crate::packing::PackError),
}

impl FloatFormat {
    /// Total bits of a code.
    pub const fn bits(&self) -> u32 {
        self.mantissa_bits + self.exponent_bits
    }

    /// The canonical code of `value`: the largest exponent that divides it exactly.
    pub fn encode(&self, value: u128) -> Result<u64, AmountError> {
        if value > MAX_BALANCE {
            return Err(AmountError::NotPackable(value, self.bits()));
        }
        let max_exponent = (1u32 << self.exponent_bits) - 1;
        let (mut mantissa, mut exponent) = (value, 0u32);
        while mantissa != 0 && mantissa % 10 == 0 && exponent < max_exponent {
            mantissa /= 10;
            exponent += 1;
        }
        if mantissa >> self.mantissa_bits != 0 {
            return Err(AmountError::NotPackable(value, self.bits()));
        }
        Ok(((mantissa as u64) << self.exponent_bits) | u64::from(exponent))
    }

    /// The value of a code; any code within the format's width whose value is at most
    /// `MAX_BALANCE` is valid (non-canonical codes included: the signer chose them).
    pub fn decode(&self, code: u64) -> Result<u128, AmountError> {
        if code >> self.bits() != 0 {
            return Err(AmountError::BadCode(code));
        }
        let exponent = (code & ((1 << self.exponent_bits) - 1)) as u32;
        let mantissa = u128::from(code >> self.exponent_bits);
        10u128
            .checked_pow(exponent)
            .and_then(|scale| mantissa.checked_mul(scale))
            .filter(|value| *value <= MAX_BALANCE)
            .ok_or(AmountError::BadCode(code))
    }

    /// True when `value` has an exact code.
    pub fn is_packable(&self, value: u128) -> bool {
        self.encode(value).is_ok()
    }
}

/// Serde for `u128` amounts as decimal strings (JSON numbers lose precision above 2^53).
pub mod serde_u128 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes a decimal string.
    pub fn serialize<S: Serializer>(value: &u128, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    /// Reads a decimal string of digits only.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(serde::de::Error::custom(format!("amount {text:?} is not a decimal integer")));
        }
        text.parse().map_err(|_| serde::de::Error::custom(format!("amount {text} does not fit in 128 bits")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn canonical_codes() {
        assert_eq!(AMOUNT_FORMAT.encode(0), Ok(0));
        assert_eq!(AMOUNT_FORMAT.encode(1_230_000_000_000_000_000), Ok((123 << 5) | 16));
        assert_eq!(AMOUNT_FORMAT.decode((123 << 5) | 16), Ok(1_230_000_000_000_000_000));
        assert!(AMOUNT_FORMAT.encode(123_456_789_123).is_err());
        assert_eq!(FEE_FORMAT.encode(63_000), Ok((63 << 5) | 3));
        assert!(FEE_FORMAT.encode(64_001).is_err());
        assert!(AMOUNT_FORMAT.encode(MAX_BALANCE + 1).is_err());
    }

    #[test]
    fn decode_rejects_wide_codes_and_out_of_range_values() {
        assert_eq!(FEE_FORMAT.decode(1 << 11), Err(AmountError::BadCode(1 << 11)));
        let huge = ((1u64 << 27) - 1) << 5 | 31;
        assert_eq!(AMOUNT_FORMAT.decode(huge), Err(AmountError::BadCode(huge)));
    }

    proptest! {
        #[test]
        fn encode_decode_round_trip(mantissa in 0u128..(1 << 27), exponent in 0u32..26) {
            let value = mantissa * 10u128.pow(exponent);
            prop_assume!(value <= MAX_BALANCE);
            let code = AMOUNT_FORMAT.encode(value).unwrap();
            prop_assert_eq!(AMOUNT_FORMAT.decode(code).unwrap(), value);
        }
    }
}
