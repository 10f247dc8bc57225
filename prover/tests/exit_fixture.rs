//! On-chain exit proofs: the generated Poseidon libraries and the fixture of the forge tests
//! (contracts/test/ExitProof.t.sol), checked against the committed files:
//!
//! - contracts/src/Poseidon.sol: `prover::poseidon_sol::poseidon_libraries()`;
//! - contracts/test/fixtures/exit.json: Poseidon test vectors (`hash2` and the 4-input hash,
//!   with 0s and p − 1) and exit claims read off real states of circuits' test worlds, at
//!   account depth 4 (the devnet's) and 24 (production's), each with the state root it implies.
//!
//! The test fails when a file is stale; `UPDATE_FIXTURES=1` rewrites them instead. Every claim
//! is also recomputed here natively from its own fields, by the algorithm the contract runs
//! (balance path → balance root, leaf, account path → account root, state root), and must give
//! the state's root.

use std::path::{Path, PathBuf};

use ark_ff::{AdditiveGroup, Field, PrimeField, UniformRand};
use circuits::field::Fr;
use circuits::poseidon;
use circuits::state::{account_word, AccountId, State, TokenId, BALANCE_DEPTH};
use circuits::test_utils::TestWorld;
use rand::SeedableRng;
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

const REGENERATE: &str = "regenerate with `UPDATE_FIXTURES=1 cargo test -p prover --test exit_fixture`, then rebuild \
                          contracts/out (forge build in contracts/) and commit both";

fn updating() -> bool {
    std::env::var("UPDATE_FIXTURES").is_ok_and(|v| v == "1")
}

/// Rewrites `path` with `content` under UPDATE_FIXTURES=1; otherwise fails if they differ.
fn check_or_update(path: &Path, content: &str) {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != content {
        let (line, (old, new)) = committed
            .lines()
            .chain(std::iter::repeat(""))
            .zip(content.lines())
            .enumerate()
            .find(|(_, (old, new))| old != new)
            .unwrap_or((content.lines().count(), ("", "")));
        panic!(
            "{} is stale or missing; {REGENERATE}.\nFirst difference, line {}:\n  committed: {old}\n  generated: {new}",
            path.display(),
            line + 1
        );
    }
}

fn decimal(value: &Fr) -> String {
    value.into_bigint().to_string()
}

fn decimals(values: &[Fr]) -> Vec<String> {
    values.iter().map(decimal).collect()
}

/// Poseidon vectors of `arity` inputs: fixed edge cases, then seeded random inputs.
fn vectors(arity: usize, fixed: &[Vec<Fr>], random: usize, seed: u64) -> Vec<Value> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    let random = (0..random).map(|_| (0..arity).map(|_| Fr::rand(&mut rng)).collect::<Vec<_>>());
    fixed
        .iter()
        .cloned()
        .chain(random)
        .map(|inputs| {
            assert_eq!(inputs.len(), arity);
            json!({ "inputs": decimals(&inputs), "output": decimal(&poseidon::hash(&inputs)) })
        })
        .collect()
}

/// One exit claim of `state`: the balance of `token` of `account`, with everything the contract
/// needs to recompute the state root.
fn claim(name: &str, state: &State, depth: u32, account: AccountId, token: TokenId) -> Value {
    let acc = state.account(account).expect("the account exists");
    let leaf = acc.leaf();
    let point = leaf.public_key.point();
    let balance = acc.balance(token);
    let balance_path = state.balance_proof(account, token).expect("a balance path");
    let account_path = state.account_proof(account).expect("an account path");
    let roots = state.roots();
    assert_eq!(account_path.depth(), depth as usize);
    assert_eq!(balance_path.depth(), BALANCE_DEPTH as usize);

    // The contract's algorithm, natively, from the claim's fields only.
    let balance_root = balance_path.root_for(Fr::from(balance));
    assert_eq!(balance_root, leaf.balance_root, "{name}: the balance path proves the balance");
    let word = account_word(acc.nonce(), acc.l1_address());
    let leaf_hash = poseidon::hash(&[point.x(), point.y(), balance_root, word]);
    assert_eq!(leaf_hash, leaf.hash());
    let account_root = account_path.root_for(leaf_hash);
    assert_eq!(account_root, roots.accounts, "{name}: the account path proves the leaf");
    let state_root =
        poseidon::hash(&[account_root, roots.pools, roots.tokens, Fr::from(u64::from(roots.account_count))]);
    assert_eq!(state_root, state.root(), "{name}: the claim implies the state's root");

    json!({
        "name": name,
        "account_depth": depth,
        "state_root": decimal(&state_root),
        "account_id": account,
        "token_id": token,
        "balance": balance.to_string(),
        "public_key_x": decimal(&point.x()),
        "public_key_y": decimal(&point.y()),
        "balance_root": decimal(&leaf.balance_root),
        "nonce": acc.nonce(),
        "l1_address": acc.l1_address().to_string(),
        "account_siblings": decimals(&account_path.siblings),
        "balance_siblings": decimals(&balance_path.siblings),
        "pool_root": decimal(&roots.pools),
        "token_root": decimal(&roots.tokens),
        "account_count": roots.account_count,
    })
}

/// Claims at depth 4 on a full tree of 16 accounts (the last id has every index bit set),
/// after a transfer (nonce 1) and with one nonce at its maximum; and at depth 24.
fn claims() -> Vec<Value> {
    let mut shallow = TestWorld::new(16, 4);
    let transfer = shallow.transfer(1, 2, 0, 1_230_000, 40);
    shallow.state.apply(&transfer).expect("a valid transfer");
    shallow.set_nonce(3, u32::MAX);
    let s = &shallow.state;
    let mut claims = vec![
        claim("depth 4: account 1, ETH, after a transfer (nonce 1)", s, 4, 1, 0),
        claim("depth 4: account 2, USDC", s, 4, 2, 1),
        claim("depth 4: account 3, DAI, nonce 2^32 - 1", s, 4, 3, 2),
        claim("depth 4: account 15 (last leaf), token 1023 (last leaf), zero balance", s, 4, 15, 1023),
    ];

    let mut deep = TestWorld::new(5, 24);
    let transfer = deep.transfer(4, 0, 1, 777_000, 3);
    deep.state.apply(&transfer).expect("a valid transfer");
    let s = &deep.state;
    claims.extend([
        claim("depth 24: account 4, USDC, after a transfer (nonce 1)", s, 24, 4, 1),
        claim("depth 24: account 0, DAI", s, 24, 0, 2),
        claim("depth 24: account 3, token 513 (an LP share), zero balance", s, 24, 3, 513),
    ]);
    assert!(claims.iter().any(|c| c["balance"] == "0"), "one claim of a zero balance");
    claims
}

fn fixture() -> Value {
    let p_minus_1 = -Fr::ONE;
    let (zero, one) = (Fr::ZERO, Fr::ONE);
    let n = |v: u64| Fr::from(v);
    let t3 = vectors(
        2,
        &[
            vec![zero, zero],
            vec![n(1), n(2)],
            vec![zero, p_minus_1],
            vec![p_minus_1, zero],
            vec![p_minus_1, p_minus_1],
            vec![one, p_minus_1],
        ],
        4,
        3,
    );
    let t5 = vectors(
        4,
        &[
            vec![zero, zero, zero, zero],
            vec![n(1), n(2), n(3), n(4)],
            vec![p_minus_1, p_minus_1, p_minus_1, p_minus_1],
            vec![zero, p_minus_1, zero, p_minus_1],
            vec![p_minus_1, zero, one, zero],
        ],
        4,
        5,
    );
    let claims = claims();
    json!({
        "description": "Poseidon test vectors (circuits::poseidon::hash) and exit claims of real states of \
                        circuits::test_utils::TestWorld, with the state root each implies, for \
                        contracts/test/ExitProof.t.sol. Written by prover/tests/exit_fixture.rs with \
                        UPDATE_FIXTURES=1. Field elements are decimal strings.",
        "t3_count": t3.len(),
        "t3": t3,
        "t5_count": t5.len(),
        "t5": t5,
        "claim_count": claims.len(),
        "claims": claims,
    })
}

#[test]
fn poseidon_libraries_are_current() {
    let source = prover::poseidon_sol::poseidon_libraries();
    for library in
        ["library PoseidonT3 ", "library PoseidonT5 ", "library PoseidonT5Part1 ", "library PoseidonT5Part2 "]
    {
        assert!(source.contains(library), "{library} is generated");
    }
    check_or_update(&repo().join("contracts/src/Poseidon.sol"), &source);
}

#[test]
fn exit_fixture_is_current() {
    let fixture = fixture();
    // The known answer of circomlib's Poseidon(1, 2).
    assert_eq!(
        fixture["t3"][1]["output"],
        "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    );
    let text = serde_json::to_string_pretty(&fixture).unwrap() + "\n";
    check_or_update(&repo().join("contracts/test/fixtures/exit.json"), &text);
}
