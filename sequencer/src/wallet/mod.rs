//! The wallet: what the `wallet` CLI does for a user, as a library.
//!
//! - [`keystore`]: L2 signing keys (Baby Jubjub, circomlibjs' 32-byte private keys) in files;
//! - [`units`]: token amounts between decimal text (`1.5`) and base units;
//! - [`Wallet`]: the sequencer's API (accounts, tokens, pools, submitting signed transactions,
//!   waiting for a transaction to reach a stage) and the Rollup contract on L1 (deposits,
//!   claims), whose address the sequencer announces in `/v1/status`.
//!
//! Transactions are signed here, with the chain id the sequencer reports, and never leave the
//! machine unsigned; the sequencer checks every rule again. Each is signed valid for a number
//! of batches ([`Wallet::valid_until`], [`DEFAULT_VALID_FOR`] by default): the sequencer must
//! include it by then, or refuse it as `expired`, so it cannot be held back and executed
//! later at a worse price.

pub mod exit;
pub mod keystore;
pub mod units;

use std::time::{Duration, Instant};

use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use circuits::babyjubjub::PrivateKey;
use circuits::state::{AccountId, PoolId, TokenId};
use circuits::transition::LiquidityQuote;
use circuits::tx::Tx;
use hyper::body::Bytes;
use hyper::Method;
use serde_json::Value;

use crate::l1::bindings::{Rollup, IERC20};
use crate::l1::{self, L1Error};
use crate::loadgen::client::{authority, ClientError, Connection};

/// Why a wallet command failed.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// The sequencer could not be reached.
    #[error("the sequencer at {0} did not answer: {1}")]
    Unreachable(String, ClientError),
    /// The sequencer answered with an error (its stable code and message).
    #[error("{message} [{code}]")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The machine-readable code.
        code: String,
        /// The human message.
        message: String,
    },
    /// The sequencer's answer is not what the API documents.
    #[error("unexpected answer from the sequencer: {0}")]
    Protocol(String),
    /// Bad input on the command line.
    #[error("{0}")]
    Usage(String),
    /// The key files.
    #[error("key store: {0}")]
    Keystore(String),
    /// An L1 call.
    #[error(transparent)]
    L1(#[from] L1Error),
    /// Waiting took longer than allowed.
    #[error("timed out after {0:?} waiting for {1}")]
    Timeout(Duration, String),
    /// The transaction was rejected while waiting.
    #[error("transaction {hash} was rejected: {reason}")]
    Rejected {
        /// The transaction.
        hash: String,
        /// The sequencer's reason.
        reason: String,
    },
}

impl From<alloy::contract::Error> for WalletError {
    fn from(error: alloy::contract::Error) -> Self {
        Self::L1(L1Error::Contract(error))
    }
}

impl From<alloy::providers::PendingTransactionError> for WalletError {
    fn from(error: alloy::providers::PendingTransactionError) -> Self {
        Self::L1(L1Error::Pending(error))
    }
}

impl From<alloy::transports::TransportError> for WalletError {
    fn from(error: alloy::transports::TransportError) -> Self {
        Self::L1(L1Error::Rpc(error))
    }
}

/// Result of a wallet operation.
pub type WalletResult<T> = Result<T, WalletError>;

/// The batches a transaction stays valid for by default, after the batch the sequencer is
/// filling when it is signed. A batch seals only with transactions in it (at most 64 with the
/// sequencer's default slots, 10 s after its first by default), so this is 100 to 6,400 other
/// transactions: ample for a wallet that submits at once, short enough to bound a hold-back.
pub const DEFAULT_VALID_FOR: u32 = 100;

/// The stages of a transaction's life, in order (the `status` field of `/v1/transactions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Stage {
    /// Accepted and persisted.
    Pending,
    /// In a closed block.
    InBlock,
    /// In a sealed batch with a proof job.
    InBatch,
    /// The batch's proof is done.
    Proven,
    /// The batch is executed on L1.
    Settled,
}

impl Stage {
    /// The stage a status string names (`None` for `rejected` and unknown strings).
    pub fn parse(status: &str) -> Option<Self> {
        Some(match status {
            "pending" => Self::Pending,
            "in_block" => Self::InBlock,
            "in_batch" => Self::InBatch,
            "proven" => Self::Proven,
            "settled" => Self::Settled,
            _ => return None,
        })
    }

    /// Its status string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InBlock => "in_block",
            Self::InBatch => "in_batch",
            Self::Proven => "proven",
            Self::Settled => "settled",
        }
    }
}

/// A token of the rollup's registry.
#[derive(Clone, Debug)]
pub struct Token {
    /// L2 id.
    pub id: TokenId,
    /// Symbol.
    pub symbol: String,
    /// Decimals of its amounts.
    pub decimals: u8,
    /// Its L1 contract (zero for ETH).
    pub l1_address: Address,
}

/// The sequencer's API and, for deposits and claims, L1.
#[derive(Clone, Debug)]
pub struct Wallet {
    api: String,
    l1_rpc_url: String,
}

fn json_field<'a>(value: &'a Value, field: &str) -> WalletResult<&'a Value> {
    value.get(field).ok_or_else(|| WalletError::Protocol(format!("no {field:?} in {value}")))
}

/// The last batch a transaction signed while batch `open_batch` is open may go into when it
/// may wait `valid_for` batches: `open_batch + valid_for`, at most `u32::MAX`.
pub fn valid_until(open_batch: u64, valid_for: u32) -> u32 {
    u32::try_from(open_batch.saturating_add(u64::from(valid_for))).unwrap_or(u32::MAX)
}

/// A decimal amount in an API answer (a string, or a number for small ones).
pub fn json_amount(value: &Value) -> u128 {
    match value {
        Value::String(text) => text.parse().unwrap_or(0),
        Value::Number(number) => number.as_u64().map_or(0, u128::from),
        _ => 0,
    }
}

impl Wallet {
    /// A wallet talking to the sequencer at `api` (`http://host:port`) and to the L1 node at
    /// `l1_rpc_url`.
    pub fn new(api: &str, l1_rpc_url: &str) -> WalletResult<Self> {
        let api = authority(api).map_err(|e| WalletError::Usage(e.to_string()))?;
        Ok(Self { api, l1_rpc_url: l1_rpc_url.to_string() })
    }

    async fn request(&self, method: Method, path: &str, body: Bytes) -> WalletResult<Value> {
        let unreachable = |e| WalletError::Unreachable(self.api.clone(), e);
        let mut connection = Connection::open(&self.api).await.map_err(unreachable)?;
        let (status, body) = connection.send(method, path, body).await.map_err(unreachable)?;
        let value: Value = serde_json::from_slice(&body)
            .map_err(|e| WalletError::Protocol(format!("{path}: {e}: {}", String::from_utf8_lossy(&body))))?;
        if status == 200 {
            return Ok(value);
        }
        let text = |field: &str| value["error"][field].as_str().unwrap_or("?").to_string();
        Err(WalletError::Api { status, code: text("code"), message: text("message") })
    }

    /// `GET path` on the API.
    pub async fn get(&self, path: &str) -> WalletResult<Value> {
        self.request(Method::GET, path, Bytes::new()).await
    }

    /// The node's status (`/v1/status`).
    pub async fn status(&self) -> WalletResult<Value> {
        self.get("/v1/status").await
    }

    /// The chain id transactions are signed for.
    pub async fn chain_id(&self) -> WalletResult<u32> {
        let status = self.status().await?;
        json_field(&status, "chain_id")?
            .as_u64()
            .and_then(|id| u32::try_from(id).ok())
            .ok_or_else(|| WalletError::Protocol("chain_id is not a u32".into()))
    }

    /// The batch the sequencer is filling now (`heights.open_batch` of `/v1/status`): a
    /// transaction submitted now goes into it or a later one.
    pub async fn open_batch(&self) -> WalletResult<u64> {
        let status = self.status().await?;
        status["heights"]["open_batch"]
            .as_u64()
            .ok_or_else(|| WalletError::Protocol(format!("no heights.open_batch in {status}")))
    }

    /// The `valid_until` of a transaction signed now that may wait `valid_for` batches after
    /// the open one: `open_batch + valid_for` (at most `u32::MAX`).
    pub async fn valid_until(&self, valid_for: u32) -> WalletResult<u32> {
        Ok(valid_until(self.open_batch().await?, valid_for))
    }

    /// The token registry.
    pub async fn tokens(&self) -> WalletResult<Vec<Token>> {
        let answer = self.get("/v1/tokens").await?;
        let list = json_field(&answer, "tokens")?.as_array().cloned().unwrap_or_default();
        list.iter()
            .map(|token| {
                let info = &token["info"];
                Ok(Token {
                    id: token["id"].as_u64().and_then(|id| TokenId::try_from(id).ok()).unwrap_or_default(),
                    symbol: info["symbol"].as_str().unwrap_or("?").to_string(),
                    decimals: info["decimals"].as_u64().and_then(|d| u8::try_from(d).ok()).unwrap_or(0),
                    l1_address: info["l1_address"]
                        .as_str()
                        .unwrap_or_default()
                        .parse()
                        .map_err(|e| WalletError::Protocol(format!("token l1_address {}: {e}", info["l1_address"])))?,
                })
            })
            .collect()
    }

    /// A token by symbol (any case) or id.
    pub async fn token(&self, name: &str) -> WalletResult<Token> {
        let tokens = self.tokens().await?;
        tokens.iter().find(|t| t.symbol.eq_ignore_ascii_case(name) || t.id.to_string() == name).cloned().ok_or_else(
            || {
                let known: Vec<&str> = tokens.iter().map(|t| t.symbol.as_str()).collect();
                WalletError::Usage(format!("unknown token {name:?} (the rollup has {})", known.join(", ")))
            },
        )
    }

    /// The L2 account of `key`, if it exists (`None` before its first deposit).
    pub async fn account(&self, key: &PrivateKey) -> WalletResult<Option<Value>> {
        let packed = format!("0x{}", hex::encode(key.public_key().pack()));
        match self.get(&format!("/v1/accounts/{packed}")).await {
            Ok(account) => Ok(Some(account)),
            Err(WalletError::Api { status: 404, .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The L2 account of `key`, which must exist.
    pub async fn existing_account(&self, key: &PrivateKey) -> WalletResult<(AccountId, u32)> {
        let account = self.account(key).await?.ok_or_else(|| {
            WalletError::Usage("this key has no L2 account yet: deposit to it first (wallet deposit)".into())
        })?;
        let id = json_field(&account, "id")?.as_u64().and_then(|id| AccountId::try_from(id).ok());
        let nonce = json_field(&account, "nonce")?.as_u64().and_then(|n| u32::try_from(n).ok());
        match (id, nonce) {
            (Some(id), Some(nonce)) => Ok((id, nonce)),
            _ => Err(WalletError::Protocol(format!("account without id or nonce: {account}"))),
        }
    }

    /// An account id from an id, a `0x` public key, or the public key of `key`.
    pub async fn account_id(&self, who: &str) -> WalletResult<AccountId> {
        let account = self.get(&format!("/v1/accounts/{who}")).await?;
        json_field(&account, "id")?
            .as_u64()
            .and_then(|id| AccountId::try_from(id).ok())
            .ok_or_else(|| WalletError::Protocol(format!("account without id: {account}")))
    }

    /// A pool (`/v1/pools/{id}`).
    pub async fn pool(&self, id: PoolId) -> WalletResult<Value> {
        self.get(&format!("/v1/pools/{id}")).await
    }

    /// The two tokens a pool trades (`token_a`, `token_b`).
    pub async fn pool_tokens(&self, id: PoolId) -> WalletResult<(Token, Token)> {
        let pool = self.pool(id).await?;
        let token = |field: &str| pool["pool"][field].as_u64().map(|id| id.to_string());
        match (token("token_a"), token("token_b")) {
            (Some(a), Some(b)) => Ok((self.token(&a).await?, self.token(&b).await?)),
            _ => Err(WalletError::Protocol(format!("pool {id} without tokens: {pool}"))),
        }
    }

    /// What adding `amount_a` and at most `max_amount_b` to pool `id` does now
    /// (`/v1/pools/{id}/liquidity-quote`): the rules of the state transition that depend on the
    /// pool are checked, so a refused quote answers the transaction's error.
    pub async fn liquidity_quote(
        &self,
        id: PoolId,
        amount_a: u128,
        max_amount_b: u128,
    ) -> WalletResult<LiquidityQuote> {
        let path = format!("/v1/pools/{id}/liquidity-quote?amount_a={amount_a}&max_amount_b={max_amount_b}");
        let quote = self.get(&path).await?;
        let amount = |field: &str| json_field(&quote, field).map(json_amount);
        Ok(LiquidityQuote {
            amount_b: amount("amount_b")?,
            lp_minted: amount("lp_minted")?,
            lp_locked: amount("lp_locked")?,
        })
    }

    /// Signs `tx` with `key` for the sequencer's chain and submits it; returns the acceptance
    /// (`hash`, `seq`, `block`, `batch`, `receipt`).
    pub async fn submit(&self, key: &PrivateKey, mut tx: Tx) -> WalletResult<Value> {
        let chain_id = self.chain_id().await?;
        tx.sign(key, chain_id).map_err(|e| WalletError::Usage(format!("{e}: round the amount or fee")))?;
        let body = serde_json::to_vec(&tx).map_err(|e| WalletError::Protocol(e.to_string()))?;
        self.request(Method::POST, "/v1/transactions", body.into()).await
    }

    /// Polls the status of `hash` until it reaches `stage` (or is rejected, or `timeout`
    /// passes); `progress` sees every status read. Returns the last status.
    pub async fn wait(
        &self,
        hash: &str,
        stage: Stage,
        timeout: Duration,
        mut progress: impl FnMut(&Value),
    ) -> WalletResult<Value> {
        let started = Instant::now();
        loop {
            let status = self.get(&format!("/v1/transactions/{hash}")).await?;
            progress(&status);
            let text = status["status"].as_str().unwrap_or_default();
            if text == "rejected" {
                let reason = status["error"]["message"].as_str().unwrap_or("?").to_string();
                return Err(WalletError::Rejected { hash: hash.into(), reason });
            }
            if Stage::parse(text).is_some_and(|reached| reached >= stage) {
                return Ok(status);
            }
            if started.elapsed() > timeout {
                return Err(WalletError::Timeout(timeout, format!("{hash} to be {}", stage.as_str())));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Polls `check` every 500 ms until it returns `Some` or `timeout` passes.
    pub async fn poll<T, F, Fut>(&self, timeout: Duration, what: &str, mut check: F) -> WalletResult<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = WalletResult<Option<T>>>,
    {
        let started = Instant::now();
        loop {
            if let Some(value) = check().await? {
                return Ok(value);
            }
            if started.elapsed() > timeout {
                return Err(WalletError::Timeout(timeout, what.to_string()));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// The Rollup contract the sequencer settles on, with `l1_key` signing.
    async fn rollup(&self, l1_key: &str) -> WalletResult<(Rollup::RollupInstance<l1::L1Provider>, Address)> {
        let status = self.status().await?;
        let address = status["rollup_address"]
            .as_str()
            .ok_or_else(|| WalletError::Usage("this sequencer runs without an L1 (no rollup_address)".into()))?;
        let signer = l1::signer(l1_key)?;
        let from = signer.address();
        let provider = l1::provider(&self.l1_rpc_url, signer)?;
        Ok((Rollup::new(l1::address(address)?, provider), from))
    }

    /// Deposits `amount` of `token` from the L1 account of `l1_key` to the L2 account of
    /// `l2_key` (an ERC-20 is approved first); returns the L1 transaction hash of the deposit.
    pub async fn deposit(&self, l1_key: &str, l2_key: &PrivateKey, token: &Token, amount: u128) -> WalletResult<B256> {
        let (rollup, from) = self.rollup(l1_key).await?;
        let packed = B256::from(l2_key.public_key().pack());
        let receipt = if token.id == 0 {
            rollup.depositETH(packed).value(U256::from(amount)).send().await?.get_receipt().await?
        } else {
            let amount112 =
                U112::try_from(amount).map_err(|_| WalletError::Usage(format!("{amount} does not fit 112 bits")))?;
            let erc20 = IERC20::new(token.l1_address, rollup.provider());
            let allowance = erc20.allowance(from, *rollup.address()).call().await?;
            if allowance < U256::from(amount) {
                let approve = erc20.approve(*rollup.address(), U256::from(amount)).send().await?.get_receipt().await?;
                if !approve.status() {
                    return Err(WalletError::Usage(format!("approve reverted (tx {})", approve.transaction_hash)));
                }
            }
            rollup.depositERC20(token.l1_address, amount112, packed).send().await?.get_receipt().await?
        };
        if !receipt.status() {
            return Err(WalletError::Usage(format!("the deposit reverted on L1 (tx {})", receipt.transaction_hash)));
        }
        Ok(receipt.transaction_hash)
    }

    /// What the L1 account of `l1_key` can claim of `token` (executed withdrawals).
    pub async fn claimable(&self, l1_key: &str, token: &Token) -> WalletResult<u128> {
        let (rollup, from) = self.rollup(l1_key).await?;
        let amount = rollup.claimable(from, token.id).call().await?;
        u128::try_from(amount).map_err(|_| WalletError::Protocol(format!("claimable {amount} exceeds u128")))
    }

    /// Claims every executed withdrawal of `token` to the L1 account of `l1_key`; returns the
    /// amount and the L1 transaction hash.
    pub async fn claim(&self, l1_key: &str, token: &Token) -> WalletResult<(u128, B256)> {
        let amount = self.claimable(l1_key, token).await?;
        if amount == 0 {
            return Err(WalletError::Usage(format!(
                "nothing of {} to claim yet: a withdrawal is claimable once its batch is settled on L1",
                token.symbol
            )));
        }
        let (rollup, _) = self.rollup(l1_key).await?;
        let receipt = rollup.claim(token.id).send().await?.get_receipt().await?;
        if !receipt.status() {
            return Err(WalletError::Usage(format!("the claim reverted on L1 (tx {})", receipt.transaction_hash)));
        }
        Ok((amount, receipt.transaction_hash))
    }

    /// The L1 balance of `token` of the account of `l1_key`.
    pub async fn l1_balance(&self, l1_key: &str, token: &Token) -> WalletResult<u128> {
        let (rollup, from) = self.rollup(l1_key).await?;
        let balance = if token.id == 0 {
            rollup.provider().get_balance(from).await?
        } else {
            IERC20::new(token.l1_address, rollup.provider()).balanceOf(from).call().await?
        };
        u128::try_from(balance).map_err(|_| WalletError::Protocol(format!("balance {balance} exceeds u128")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_until_adds_the_validity_to_the_open_batch_up_to_u32_max() {
        assert_eq!(valid_until(1, DEFAULT_VALID_FOR), 101);
        assert_eq!(valid_until(7, 0), 7);
        assert_eq!(valid_until(u64::from(u32::MAX) - 1, 5), u32::MAX);
        assert_eq!(valid_until(u64::MAX, u32::MAX), u32::MAX);
    }
}
