//! Native (out-of-circuit) benchmarks: Poseidon by arity against light-poseidon, EdDSA-Poseidon
//! signing and verification (single, batched, on 1 and 2 threads), sparse Merkle tree updates at
//! depth 24, and the state transition for transfers and swaps.
//!
//! Run with `cargo bench -p circuits --bench native`; every group reports its throughput in
//! elements per second (hashes, signatures, leaf updates or transactions). See `BENCHMARKS.md`.

use std::hint::black_box;
use std::time::Duration;

use ark_ff::{Field, UniformRand};
use circuits::babyjubjub::{verify_batch, PrivateKey, PublicKey, Signature, SignedMessage};
use circuits::field::Fr;
use circuits::merkle::SparseMerkleTree;
use circuits::poseidon::{self, MAX_ARITY};
use circuits::state::{AccountId, PoolId, State};
use circuits::test_utils::{TestWorld, CHAIN_ID, VALID_UNTIL};
use circuits::tx::{SignatureBytes, Swap, Transfer, Tx};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use light_poseidon::{Poseidon, PoseidonHasher};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// Largest arity light-poseidon 0.5 supports with circom parameters (width 13).
const LIGHT_POSEIDON_MAX_ARITY: usize = 12;
/// Signatures per batch-verification iteration.
const SIGNATURES: usize = 1_024;
/// Depth of the benchmarked Merkle tree (the account tree's depth).
const TREE_DEPTH: u32 = 24;
/// Leaves set before the tree benchmarks, so that the tree is not empty.
const TREE_PREFILL: usize = 10_000;
/// Leaf updates per tree-benchmark iteration.
const TREE_UPDATES: usize = 1_024;
/// Accounts of the state-transition world.
const ACCOUNTS: usize = 1_000;
/// Depth of the state-transition world's account tree.
const ACCOUNT_DEPTH: u32 = 24;
/// Transactions per state-transition iteration.
const BLOCK: usize = 256;
/// 10^18, one whole token of 18 decimals.
const E18: u128 = 1_000_000_000_000_000_000;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(0x5eed)
}

fn pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new().num_threads(threads).build().expect("rayon thread pool")
}

/// Poseidon hashes per second by arity, ours beside light-poseidon's circom instance.
fn bench_poseidon(c: &mut Criterion) {
    let mut rng = rng();
    let mut group = c.benchmark_group("poseidon");
    group.throughput(Throughput::Elements(1));
    for arity in 1..=MAX_ARITY {
        let inputs: Vec<Fr> = (0..arity).map(|_| Fr::rand(&mut rng)).collect();
        let ours = poseidon::hash(&inputs);
        group.bench_with_input(BenchmarkId::new("ours", arity), &inputs, |b, inputs| {
            b.iter(|| poseidon::hash(black_box(inputs)))
        });
        if arity <= LIGHT_POSEIDON_MAX_ARITY {
            let mut hasher = Poseidon::<ark_bn254::Fr>::new_circom(arity).expect("circom arity");
            let theirs = hasher.hash(&inputs).expect("light-poseidon hash");
            assert_eq!(ours, theirs, "Poseidon({arity}) differs from light-poseidon");
            group.bench_with_input(BenchmarkId::new("light-poseidon", arity), &inputs, |b, inputs| {
                b.iter(|| hasher.hash(black_box(inputs)).expect("hash"))
            });
        }
    }
    group.finish();
}

/// `hash_many` over 1,024 lists per iteration: eight at a time on AVX-512 IFMA where the CPU
/// has it, which is what batch verification and the handlers use.
fn bench_poseidon_many(c: &mut Criterion) {
    fn bench<const N: usize>(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
        let mut rng = rng();
        let lists: Vec<[Fr; N]> = (0..1024).map(|_| std::array::from_fn(|_| Fr::rand(&mut rng))).collect();
        assert_eq!(poseidon::hash_many(&lists)[5], poseidon::hash(&lists[5]));
        group.bench_with_input(BenchmarkId::new("hash_many", N), &lists, |b, lists| {
            b.iter(|| poseidon::hash_many(black_box(lists)))
        });
    }
    let mut group = c.benchmark_group("poseidon_1024");
    group.throughput(Throughput::Elements(1024));
    bench::<2>(&mut group);
    bench::<3>(&mut group);
    bench::<5>(&mut group);
    group.finish();
}

/// Square roots (point decompression takes one per signature): arkworks' Tonelli–Shanks,
/// ours with table lookups, and ours over 1,024 values (eight at a time on AVX-512 IFMA).
fn bench_sqrt(c: &mut Criterion) {
    let mut rng = rng();
    let squares: Vec<Fr> = (0..1024).map(|_| Fr::rand(&mut rng).square()).collect();
    let mut group = c.benchmark_group("sqrt");
    group.throughput(Throughput::Elements(1));
    group.bench_function("arkworks", |b| b.iter(|| black_box(&squares[7]).sqrt()));
    group.bench_function("tables", |b| b.iter(|| circuits::field::sqrt(black_box(&squares[7]))));
    group.finish();
    let mut group = c.benchmark_group("sqrt_1024");
    group.throughput(Throughput::Elements(1024));
    group.bench_function("sqrt_many", |b| b.iter(|| circuits::field::sqrt_many(black_box(&squares))));
    group.finish();
}

/// Keys, messages and signatures for the signature benchmarks.
struct SignedSet {
    keys: Vec<PublicKey>,
    messages: Vec<Fr>,
    signatures: Vec<Signature>,
}

impl SignedSet {
    fn new(count: usize) -> Self {
        let mut rng = rng();
        let private: Vec<PrivateKey> = (0..count).map(|_| PrivateKey::random(&mut rng)).collect();
        let messages: Vec<Fr> = (0..count).map(|_| Fr::rand(&mut rng)).collect();
        let signatures = private.iter().zip(&messages).map(|(key, &message)| key.sign(message)).collect();
        Self { keys: private.iter().map(PrivateKey::public_key).collect(), messages, signatures }
    }

    fn items(&self) -> Vec<SignedMessage<'_>> {
        self.keys
            .iter()
            .zip(&self.messages)
            .zip(&self.signatures)
            .map(|((public_key, &message), signature)| SignedMessage { public_key, message, signature })
            .collect()
    }
}

/// Signing, single verification and batch verification, in signatures per second.
fn bench_eddsa(c: &mut Criterion) {
    let mut rng = rng();
    let key = PrivateKey::random(&mut rng);
    let message = Fr::rand(&mut rng);
    let signature = key.sign(message);
    let public_key = key.public_key();
    public_key.verify(message, &signature).expect("valid signature");

    let mut group = c.benchmark_group("eddsa");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sign", |b| b.iter(|| key.sign(black_box(message))));
    group.bench_function("verify", |b| b.iter(|| public_key.verify(black_box(message), black_box(&signature))));
    group.finish();

    let set = SignedSet::new(SIGNATURES);
    let items = set.items();
    verify_batch(&items).expect("every signature is valid");
    let mut group = c.benchmark_group("eddsa_1024");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(SIGNATURES as u64));
    for threads in [1, 2] {
        let pool = pool(threads);
        group.bench_function(BenchmarkId::new("verify_batch", threads), |b| {
            b.iter(|| pool.install(|| verify_batch(black_box(&items)).expect("valid batch")))
        });
    }
    let pool = pool(2);
    group.bench_function(BenchmarkId::new("verify_parallel", 2), |b| {
        b.iter(|| {
            pool.install(|| {
                let all_valid = black_box(&items)
                    .par_iter()
                    .all(|item| item.public_key.verify(item.message, item.signature).is_ok());
                assert!(all_valid);
            })
        })
    });
    group.finish();
}

/// Random `(index, leaf)` pairs for a tree of `TREE_DEPTH`.
fn random_updates(rng: &mut ChaCha20Rng, count: usize) -> Vec<(u64, Fr)> {
    (0..count).map(|_| (rng.gen_range(0..1u64 << TREE_DEPTH), Fr::rand(&mut *rng))).collect()
}

/// Sparse Merkle tree leaf updates per second at depth 24, one by one and batched.
fn bench_merkle(c: &mut Criterion) {
    let mut rng = rng();
    let mut tree = SparseMerkleTree::new(TREE_DEPTH);
    tree.update_batch(&random_updates(&mut rng, TREE_PREFILL)).expect("indices in range");

    let mut group = c.benchmark_group("merkle_depth24");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(TREE_UPDATES as u64));
    group.bench_function("update", |b| {
        b.iter_batched(
            || (tree.clone(), random_updates(&mut rng, TREE_UPDATES)),
            |(mut tree, updates)| {
                for (index, leaf) in updates {
                    tree.update(index, leaf).expect("index in range");
                }
                tree
            },
            BatchSize::PerIteration,
        )
    });
    for threads in [1, 2] {
        let pool = pool(threads);
        group.bench_function(BenchmarkId::new("update_batch", threads), |b| {
            b.iter_batched(
                || (tree.clone(), random_updates(&mut rng, TREE_UPDATES)),
                |(mut tree, updates)| {
                    pool.install(|| tree.update_batch(&updates).expect("indices in range"));
                    tree
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Signs `tx` with the world's key for `signer`.
fn signed(world: &TestWorld, signer: AccountId, mut tx: Tx) -> Tx {
    tx.sign(&world.keys[signer as usize], CHAIN_ID).expect("packable amounts");
    tx
}

/// `BLOCK` signers spread over the non-fee accounts, each with its next nonces in order.
fn signers(state: &State) -> Vec<(AccountId, u32)> {
    let senders = ACCOUNTS - 1;
    (0..BLOCK)
        .map(|k| {
            let account = 1 + (k % senders) as AccountId;
            let nonce = state.account(account).expect("funded account").nonce();
            (account, nonce + (k / senders) as u32)
        })
        .collect()
}

fn transfer_block(world: &TestWorld) -> Vec<Tx> {
    let senders = (ACCOUNTS - 1) as AccountId;
    signers(&world.state)
        .into_iter()
        .map(|(from, nonce)| {
            let transfer = Transfer {
                from,
                to: from % senders + 1,
                token: 0,
                amount: 1_000_000,
                fee: 1_000,
                valid_until: VALID_UNTIL,
                nonce,
                signature: SignatureBytes([0; 64]),
            };
            signed(world, from, Tx::Transfer(transfer))
        })
        .collect()
}

fn swap_block(world: &TestWorld) -> Vec<Tx> {
    signers(&world.state)
        .into_iter()
        .enumerate()
        .map(|(k, (account, nonce))| {
            let swap = Swap {
                account,
                pool: (k % 2) as PoolId,
                a_to_b: (k / 2) % 2 == 0,
                amount_in: E18,
                min_amount_out: 1,
                fee: 0,
                valid_until: VALID_UNTIL,
                nonce,
                signature: SignatureBytes([0; 64]),
            };
            signed(world, account, Tx::Swap(swap))
        })
        .collect()
}

/// Transfers and swaps applied per second, with and without signature verification.
fn bench_transition(c: &mut Criterion) {
    let mut world = TestWorld::new(ACCOUNTS, ACCOUNT_DEPTH);
    for pool in [0, 1] {
        let add = world.add_liquidity(1, pool, 1_000_000 * E18, 1_000_000 * E18);
        world.state.apply(&add).expect("seed liquidity");
    }
    let blocks = [("transfer", transfer_block(&world)), ("swap", swap_block(&world))];
    let apply_all = |mut state: State, block: &[Tx], verify: bool| {
        for tx in block {
            let applied = if verify { state.apply(tx) } else { state.apply_preverified(tx) };
            black_box(applied.expect("valid transaction"));
        }
        state
    };
    for (_, block) in &blocks {
        apply_all(world.state.clone(), block, true);
    }

    let mut group = c.benchmark_group("transition");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(BLOCK as u64));
    for (name, block) in &blocks {
        for (mode, verify) in [("apply", true), ("apply_preverified", false)] {
            group.bench_function(BenchmarkId::new(*name, mode), |b| {
                b.iter_batched(|| world.state.clone(), |state| apply_all(state, block, verify), BatchSize::PerIteration)
            });
        }
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default().sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1))
}

fn main() {
    let mut criterion = config().configure_from_args();
    bench_poseidon(&mut criterion);
    bench_poseidon_many(&mut criterion);
    bench_sqrt(&mut criterion);
    bench_eddsa(&mut criterion);
    bench_merkle(&mut criterion);
    bench_transition(&mut criterion);
    criterion.final_summary();
}
