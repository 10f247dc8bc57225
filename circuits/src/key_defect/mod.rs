//! Packed L2 keys as L1 hands them over, and why one is unusable: the native twin of the
//! circuit's proof that a deposit's key cannot sign (constraints.rs), which lets a batch refund
//! such a deposit on L1 instead of letting it jam the priority queue.
//!
//! A deposit names its key in circomlibjs's packed form (32 bytes: little-endian y, the sign of
//! x in bit 255). [`PublicKey::from_packed`] accepts exactly the keys that can sign; every other
//! 32-byte string has one [`KeyDefect`], and each defect comes with what the circuit needs to
//! prove it:
//!
//! | defect | rule broken | proof in the circuit |
//! |---|---|---|
//! | `NonCanonical` | y < p | the 255 bits of y, read as an integer, are at least p |
//! | `Identity` | not the identity | y = 1 |
//! | `NoSuchPoint` | the point exists | `root² = N·u·v` with u·v ≠ 0: x² = u/v is not a square (u = 1 − y², v = a − d·y², N a fixed non-residue) |
//! | `Torsion` | in the prime-order subgroup | `P = 8·S' + T` with T a nonzero 8-torsion point: the unique decomposition of P has a torsion part |
//!
//! The sign bit never matters: −P is usable exactly when P is, and the only points with x = 0
//! are the identity and (0, −1), of order 2, both unusable.

pub mod constraints;

use std::sync::OnceLock;

use ark_ec::AffineRepr;
use ark_ff::{FftField, Field, LegendreSymbol};

use crate::babyjubjub::{Point, PublicKey, SignatureError, COEFF_A, COEFF_D};
use crate::field::{fr_from_le_bytes, Fr};

/// A key exactly as an L1 deposit names it: 32 bytes, usable or not. Serialized as `0x` and 64
/// hex digits, like [`PublicKey`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PackedKey(pub [u8; 32]);

impl PackedKey {
    /// The usable key these bytes name, if any ([`PublicKey::from_packed`]).
    pub fn unpack(&self) -> Result<PublicKey, SignatureError> {
        PublicKey::from_packed(&self.0)
    }

    /// Why the key is unusable, with the circuit's witness; `None` for a usable key.
    pub fn defect(&self) -> Option<KeyDefect> {
        KeyDefect::of(&self.0)
    }

    /// The 256 bits of the key, least significant first (bit 255 is the sign of x).
    pub fn bits_le(&self) -> Vec<bool> {
        self.0.iter().flat_map(|byte| (0..8).map(move |i| byte >> i & 1 == 1)).collect()
    }
}

impl From<PublicKey> for PackedKey {
    fn from(key: PublicKey) -> Self {
        Self(key.pack())
    }
}

impl serde::Serialize for PackedKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.0)))
    }
}

impl<'de> serde::Deserialize<'de> for PackedKey {
    /// Reads `0x` + 64 hex digits; any 32 bytes are a packed key.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = String::deserialize(deserializer)?;
        let digits = text.strip_prefix("0x").ok_or_else(|| D::Error::custom("public key lacks the 0x prefix"))?;
        let bytes: [u8; 32] = hex::decode(digits)
            .map_err(D::Error::custom)?
            .try_into()
            .map_err(|_| D::Error::custom("public key is not 32 bytes"))?;
        Ok(Self(bytes))
    }
}

/// Why a packed key cannot sign, with the values the circuit's proof of it needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyDefect {
    /// y, the low 255 bits, is at least p.
    NonCanonical,
    /// y = 1: the identity (with either sign bit).
    Identity,
    /// No curve point has this y: `root² = NON_RESIDUE · u · v`, where `u·v ≠ 0` is not a square.
    NoSuchPoint {
        /// A square root of `NON_RESIDUE · u · v`.
        root: Fr,
    },
    /// The point `P = (±x, y)` exists but has a torsion part: `P = 8·eighth + torsion_point(torsion)`.
    Torsion {
        /// `S / 8` for the prime-order part S of P (itself in the prime-order subgroup).
        eighth: Point,
        /// Index of P's torsion part in [`torsion_points`], 1..=7.
        torsion: u8,
    },
}

/// The fixed quadratic non-residue of the `NoSuchPoint` proof: the field's multiplicative
/// generator (5 for BN254's scalar field), a non-residue since it generates the whole group.
pub fn non_residue() -> Fr {
    Fr::GENERATOR
}

/// The eight points of order dividing 8, `i · T8` for a fixed point `T8` of order 8; index 0 is
/// the identity. The table is derived, not typed in: the first point found (scanning y = 2, 3,
/// ...) whose torsion part has order 8 fixes `T8`.
pub fn torsion_points() -> &'static [Point; 8] {
    static TABLE: OnceLock<[Point; 8]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let order8 = (2u64..)
            .filter_map(|y| point_with_y(Fr::from(y)))
            .map(|point| torsion_part(&point))
            .find(|t| !t.mul_bigint([4u64]).is_identity())
            .expect("the curve has a point of order 8");
        let mut table = [Point::identity(); 8];
        for i in 1..8 {
            table[i] = table[i - 1].add(&order8);
        }
        table
    })
}

/// A point with this y (either sign of x), if the curve has one.
fn point_with_y(y: Fr) -> Option<Point> {
    let x2 = (Fr::ONE - y.square()) * (COEFF_A - COEFF_D * y.square()).inverse()?;
    Point::new(x2.sqrt()?, y).ok()
}

/// `P − S`, for S the prime-order part of P: `S = (8·k)·P` with `8·k ≡ 1 (mod l)`, which kills
/// the torsion part (8·k ≡ 0 mod 8) and keeps the prime part.
fn torsion_part(point: &Point) -> Point {
    point.add(&prime_part(point).negate())
}

fn prime_part(point: &Point) -> Point {
    Point::from_ark(point.ark().mul_by_cofactor_inv().mul_by_cofactor())
}

impl KeyDefect {
    /// The defect of `bytes` as a packed key; `None` exactly when [`PublicKey::from_packed`]
    /// accepts it.
    pub fn of(bytes: &[u8; 32]) -> Option<Self> {
        let mut y_bytes = *bytes;
        y_bytes[31] &= 0x7f;
        let Ok(y) = fr_from_le_bytes(&y_bytes) else { return Some(Self::NonCanonical) };
        if y == Fr::ONE {
            return Some(Self::Identity);
        }
        let (u, v) = (Fr::ONE - y.square(), COEFF_A - COEFF_D * y.square());
        // v ≠ 0 for every y: a/d is not a square (tested below).
        if (u * v).legendre() == LegendreSymbol::QuadraticNonResidue {
            let root = (non_residue() * u * v).sqrt().expect("N times a non-residue is a square");
            return Some(Self::NoSuchPoint { root });
        }
        let point = point_with_y(y).expect("u·v is a square or zero, and v is nonzero");
        let torsion = torsion_part(&point);
        if torsion.is_identity() {
            // In the subgroup and not the identity (y ≠ 1): usable, unless the sign bit is set
            // on x = 0, which only (0, ±1) have, and both are handled above or below.
            debug_assert!(PublicKey::from_packed(bytes).is_ok());
            return None;
        }
        let index = torsion_points().iter().position(|t| *t == torsion).expect("E[8] holds every torsion part");
        let eighth = Point::from_ark(prime_part(&point).ark().mul_by_cofactor_inv());
        Some(Self::Torsion { eighth, torsion: index as u8 })
    }

    /// The defect's number in the circuit's one-hot selector (0..=3).
    pub fn case(&self) -> usize {
        match self {
            KeyDefect::NonCanonical => 0,
            KeyDefect::Identity => 1,
            KeyDefect::NoSuchPoint { .. } => 2,
            KeyDefect::Torsion { .. } => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::babyjubjub::PrivateKey;
    use crate::field::fr_to_le_bytes;
    use ark_ff::Zero;

    #[test]
    fn the_constants_are_what_the_proofs_assume() {
        assert_eq!(non_residue().legendre(), LegendreSymbol::QuadraticNonResidue);
        // v = a − d·y² never vanishes: a/d is not a square.
        assert!((COEFF_A / COEFF_D).sqrt().is_none());
        let table = torsion_points();
        assert!(table[0].is_identity());
        for (i, t) in table.iter().enumerate() {
            assert!(t.mul_bigint([8u64]).is_identity(), "{i} has order dividing 8");
            assert_eq!(t.is_identity(), i == 0);
            assert!(table[..i].iter().all(|other| other != t), "distinct");
        }
    }

    /// Every 32-byte string is usable or has exactly the defect the rules name, and each
    /// defect's witness holds.
    #[test]
    fn defects_agree_with_from_packed_and_their_witnesses_hold() {
        let valid = PrivateKey::from_bytes(b"defect").public_key().pack();
        let mut keys = vec![valid, [0xff; 32], fr_to_le_bytes(&Fr::ONE), fr_to_le_bytes(&-Fr::ONE)];
        let mut flagged_identity = fr_to_le_bytes(&Fr::ONE);
        flagged_identity[31] |= 0x80;
        keys.push(flagged_identity);
        keys.extend((2u64..40).map(|y| fr_to_le_bytes(&Fr::from(y))));
        keys.extend((2u64..10).map(|y| {
            let mut key = fr_to_le_bytes(&Fr::from(y));
            key[31] |= 0x80;
            key
        }));
        let mut seen = [0usize; 4];
        for key in &keys {
            let defect = KeyDefect::of(key);
            assert_eq!(defect.is_none(), PublicKey::from_packed(key).is_ok(), "{}", hex::encode(key));
            let Some(defect) = defect else { continue };
            seen[defect.case()] += 1;
            let mut y_bytes = *key;
            y_bytes[31] &= 0x7f;
            let y = fr_from_le_bytes(&y_bytes);
            match defect {
                KeyDefect::NonCanonical => assert!(y.is_err()),
                KeyDefect::Identity => assert_eq!(y.unwrap(), Fr::ONE),
                KeyDefect::NoSuchPoint { root } => {
                    let y2 = y.unwrap().square();
                    let uv = (Fr::ONE - y2) * (COEFF_A - COEFF_D * y2);
                    assert!(!uv.is_zero());
                    assert_eq!(root.square(), non_residue() * uv);
                }
                KeyDefect::Torsion { eighth, torsion } => {
                    assert!(torsion != 0);
                    let p = eighth.mul_bigint([8u64]).add(&torsion_points()[torsion as usize]);
                    assert_eq!(p.y(), y.unwrap());
                }
            }
        }
        assert!(seen.iter().all(|n| *n > 0), "every defect occurs: {seen:?}");
    }
}
