//! The verifying key and proofs as JSON of decimal strings, in the EVM's order (EIP-197: a G2
//! coordinate is written `[c1, c0]`), which the Solidity verifier generator and the L1
//! contract's `proveBatch(uint256[8])` expect.

use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ff::PrimeField;
use ark_groth16::{Proof, VerifyingKey};
use serde_json::{json, Value};

fn fq(value: &Fq) -> String {
    value.into_bigint().to_string()
}

fn fq2(value: &Fq2) -> [String; 2] {
    [fq(&value.c1), fq(&value.c0)]
}

fn g1(point: &G1Affine) -> Value {
    json!([fq(&point.x), fq(&point.y)])
}

fn g2(point: &G2Affine) -> Value {
    json!([fq2(&point.x), fq2(&point.y)])
}

/// `{alpha, beta, gamma, delta, ic}` with G2 coordinates in EIP-197 order.
pub fn verifying_key_json(vk: &VerifyingKey<Bn254>) -> Value {
    json!({
        "protocol": "groth16",
        "curve": "bn254",
        "alpha": g1(&vk.alpha_g1),
        "beta": g2(&vk.beta_g2),
        "gamma": g2(&vk.gamma_g2),
        "delta": g2(&vk.delta_g2),
        "ic": vk.gamma_abc_g1.iter().map(g1).collect::<Vec<_>>(),
    })
}

/// The eight words `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]` of `proveBatch`.
pub fn proof_words(proof: &Proof<Bn254>) -> [String; 8] {
    let [bx1, bx0] = fq2(&proof.b.x);
    let [by1, by0] = fq2(&proof.b.y);
    [fq(&proof.a.x), fq(&proof.a.y), bx1, bx0, by1, by0, fq(&proof.c.x), fq(&proof.c.y)]
}
