//! The wallet CLI: L2 keys, deposits from L1, transfers, swaps, liquidity, withdrawals and
//! claims on L1, balances, pools and transaction status. It talks to the sequencer's API and,
//! for deposits and claims, to the L1 node; `scripts/devnet` prints the settings to use.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use circuits::state::{PoolId, LP_TOKEN_BASE};
use circuits::tx::{AddLiquidity, RemoveLiquidity, SignatureBytes, Swap, Transfer, Tx, Withdraw};
use clap::{Args, Parser, Subcommand};
use sequencer::wallet::keystore::{Keystore, NamedKey};
use sequencer::wallet::units::{format_amount, parse_amount, with_slippage, DEFAULT_SLIPPAGE_BPS};
use sequencer::wallet::{json_amount, Stage, Token, Wallet, WalletError, WalletResult, DEFAULT_VALID_FOR};
use serde_json::Value;

/// A development wallet for the rollup.
#[derive(Debug, Parser)]
#[command(
    name = "wallet",
    version,
    about = "A development wallet for the rollup: keys, deposits, transfers, swaps, liquidity, withdrawals"
)]
struct Cli {
    /// The sequencer's API.
    #[arg(long, env = "WALLET_API", default_value = "http://127.0.0.1:3000", global = true)]
    api: String,
    /// The L1 node's JSON-RPC URL (deposits, claims, L1 balances).
    #[arg(long, env = "WALLET_L1_RPC_URL", default_value = "http://127.0.0.1:8545", global = true)]
    l1_rpc_url: String,
    /// The folder of L2 key files [default: ~/.rollup-wallet].
    #[arg(long, env = "WALLET_KEYS", global = true)]
    keys: Option<PathBuf>,
    /// The L1 private key (0x + 64 hex digits) that deposits and claims.
    #[arg(long, env = "WALLET_L1_KEY", hide_env_values = true, global = true)]
    l1_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Creates a new L2 key named NAME.
    New { name: String },
    /// Stores an existing circomlibjs private key (32 bytes, hex) as NAME.
    Import { name: String, private_key: String },
    /// Lists the keys and their public keys.
    Keys,
    /// Shows the L2 account of a key: id, nonce and balances.
    Balances { name: String },
    /// Deposits from the L1 account of --l1-key to the L2 account of NAME, and waits until L2
    /// credits it (the first deposit creates the account).
    Deposit {
        name: String,
        /// Amount in token units, e.g. 1.5.
        amount: String,
        /// Token symbol or id.
        token: String,
        /// Return once L1 accepted the deposit, without waiting for L2.
        #[arg(long)]
        no_wait: bool,
    },
    /// Transfers to another L2 account (a key name, an account id or a 0x public key).
    Transfer {
        name: String,
        to: String,
        amount: String,
        token: String,
        #[command(flatten)]
        common: TxArgs,
    },
    /// Sells AMOUNT of TOKEN in a pool for the pool's other token.
    Swap {
        name: String,
        amount: String,
        /// The token sold.
        token: String,
        /// The pool.
        #[arg(long, default_value_t = 0)]
        pool: PoolId,
        /// The least accepted output, in the other token's units [default: the quote minus
        /// --slippage-bps].
        #[arg(long)]
        min_out: Option<String>,
        /// Tolerated slippage below the current quote, in basis points.
        #[arg(long, default_value_t = DEFAULT_SLIPPAGE_BPS)]
        slippage_bps: u32,
        #[command(flatten)]
        common: TxArgs,
    },
    /// Adds liquidity: AMOUNT_A of the pool's first token and at most --max-b of its second.
    /// The first provider of a pool sets its price with exactly --max-b; 1000 of its shares
    /// are locked in the pool for good.
    AddLiquidity {
        name: String,
        amount_a: String,
        /// The most of the pool's second token to put in.
        #[arg(long)]
        max_b: String,
        #[arg(long, default_value_t = 0)]
        pool: PoolId,
        /// The fewest LP shares accepted (base units) [default: the quoted shares minus
        /// --slippage-bps].
        #[arg(long)]
        min_lp: Option<u128>,
        /// Tolerated slippage below the quoted shares, in basis points.
        #[arg(long, default_value_t = DEFAULT_SLIPPAGE_BPS)]
        slippage_bps: u32,
        #[command(flatten)]
        common: TxArgs,
    },
    /// Removes liquidity: burns LP shares (base units, as `balances` shows them) for both tokens.
    RemoveLiquidity {
        name: String,
        lp_amount: u128,
        #[arg(long, default_value_t = 0)]
        pool: PoolId,
        /// The least of the first token accepted (token units).
        #[arg(long, default_value = "0")]
        min_a: String,
        /// The least of the second token accepted (token units).
        #[arg(long, default_value = "0")]
        min_b: String,
        #[command(flatten)]
        common: TxArgs,
    },
    /// Withdraws to L1: claimable by --to [default: the address of --l1-key] once the batch
    /// is settled (then run `claim`).
    Withdraw {
        name: String,
        amount: String,
        token: String,
        /// The L1 address that may claim it.
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        common: TxArgs,
    },
    /// Claims on L1 everything of TOKEN withdrawn to the address of --l1-key.
    Claim { token: String },
    /// L1 balance of the --l1-key account, and what it can claim.
    L1Balance { token: String },
    /// The pools with their reserves.
    Pools,
    /// The status of a transaction; optionally waits for a stage.
    Status {
        hash: String,
        #[arg(long, value_enum)]
        wait: Option<Stage>,
        #[arg(long, default_value_t = 1_800)]
        timeout_secs: u64,
    },
    /// Rebuilds the L2 state from L1 alone (the genesis file and each executed batch's
    /// calldata; no sequencer) and prints ACCOUNT's exit claims as JSON: one per nonzero
    /// balance, each with its proof against L1's verified state root.
    Exit {
        /// The L2 account id.
        account: u32,
        /// The Rollup contract.
        #[arg(long, env = "WALLET_ROLLUP_ADDRESS")]
        rollup_address: String,
        /// The genesis file the chain started from (L1 holds its root).
        #[arg(long)]
        genesis: PathBuf,
        /// The contract's deployment block (where the log scan starts).
        #[arg(long, default_value_t = 0)]
        from_block: u64,
        /// In exodus mode: send each claim to the contract (`exit`, then `claimFor`) with
        /// --l1-key, which pays the account's owner.
        #[arg(long)]
        submit: bool,
    },
}

/// Options of every L2 transaction.
#[derive(Debug, Args)]
struct TxArgs {
    /// Fee, in the units of the token the transaction spends.
    #[arg(long, default_value = "0")]
    fee: String,
    /// Batches the transaction stays valid for after the batch the sequencer is filling now
    /// (`heights.open_batch` of /v1/status): it signs `valid_until` = that batch + this, and
    /// the sequencer refuses it as `expired` once the open batch is past it.
    #[arg(long, value_name = "BATCHES", default_value_t = DEFAULT_VALID_FOR)]
    valid_for: u32,
    /// Waits until the transaction reaches this stage (settled: its batch is executed on L1).
    #[arg(long, value_enum)]
    wait: Option<Stage>,
    /// Longest wait.
    #[arg(long, default_value_t = 1_800)]
    timeout_secs: u64,
}

fn signature() -> SignatureBytes {
    SignatureBytes([0; 64])
}

struct App {
    wallet: Wallet,
    keystore: Keystore,
    l1_key: Option<String>,
}

impl App {
    fn key(&self, name: &str) -> WalletResult<NamedKey> {
        self.keystore.load(name)
    }

    fn l1_key(&self) -> WalletResult<&str> {
        self.l1_key
            .as_deref()
            .ok_or_else(|| WalletError::Usage("this command needs an L1 key: --l1-key or WALLET_L1_KEY".into()))
    }

    fn token_name(tokens: &[Token], id: u64) -> String {
        if id >= u64::from(LP_TOKEN_BASE) {
            return format!("LP-{}", id - u64::from(LP_TOKEN_BASE));
        }
        tokens.iter().find(|t| u64::from(t.id) == id).map_or_else(|| format!("token {id}"), |t| t.symbol.clone())
    }

    async fn balances(&self, name: &str) -> WalletResult<()> {
        let key = self.key(name)?;
        let Some(account) = self.wallet.account(&key.key).await? else {
            println!("{name}: no L2 account yet (deposit to {} first)", key.public_hex());
            return Ok(());
        };
        let tokens = self.wallet.tokens().await?;
        println!("{name}: account {} nonce {} key {}", account["id"], account["nonce"], key.public_hex());
        let balances = account["balances"].as_object().cloned().unwrap_or_default();
        if balances.is_empty() {
            println!("  (no balances)");
        }
        for (id, amount) in balances {
            let id: u64 = id.parse().unwrap_or(u64::MAX);
            let decimals = tokens.iter().find(|t| u64::from(t.id) == id).map_or(0, |t| t.decimals);
            println!("  {:<6} {}", Self::token_name(&tokens, id), format_amount(json_amount(&amount), decimals));
        }
        Ok(())
    }

    /// Submits, prints the acceptance, and waits when asked.
    async fn send(&self, key: &NamedKey, tx: Tx, common: &TxArgs) -> WalletResult<()> {
        let kind = tx.tx_type();
        let accepted = self.wallet.submit(&key.key, tx).await?;
        let hash = accepted["hash"].as_str().unwrap_or_default().to_string();
        println!("{kind:?} accepted: {hash} (block {}, batch {})", accepted["block"], accepted["batch"]);
        let receipt = &accepted["receipt"];
        if let Some(fields) = receipt.as_object() {
            for (field, value) in fields.iter().filter(|(field, _)| field.as_str() != "type") {
                println!("  {field}: {}", value.as_str().map_or_else(|| value.to_string(), str::to_owned));
            }
        }
        if let Some(stage) = common.wait {
            self.wait(&hash, stage, common.timeout_secs).await?;
        }
        Ok(())
    }

    async fn wait(&self, hash: &str, stage: Stage, timeout_secs: u64) -> WalletResult<Value> {
        let bar = indicatif::ProgressBar::new_spinner();
        let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
        if interactive {
            bar.enable_steady_tick(Duration::from_millis(120));
        } else {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        let mut last = String::new();
        let status = self
            .wallet
            .wait(hash, stage, Duration::from_secs(timeout_secs), |status| {
                let now = describe(status);
                if now != last {
                    if interactive {
                        bar.set_message(format!("waiting for {}: {now}", stage.as_str()));
                    } else {
                        eprintln!("  ... {now}");
                    }
                    last = now;
                }
            })
            .await;
        bar.finish_and_clear();
        let status = status?;
        println!("{hash}: {}", describe(&status));
        Ok(status)
    }
}

/// One line for a transaction status.
fn describe(status: &Value) -> String {
    let mut text = status["status"].as_str().unwrap_or("?").to_string();
    if let Some(block) = status["block"].as_u64() {
        text.push_str(&format!(", block {block}"));
    }
    if let Some(batch) = status["batch"].as_u64() {
        text.push_str(&format!(", batch {batch}"));
    }
    if let Some(l1) = status["settle_tx_hash"].as_str() {
        text.push_str(&format!(", L1 tx {l1}"));
    }
    if let Some(error) = status["error"]["message"].as_str() {
        text.push_str(&format!(": {error}"));
    }
    text
}

async fn run(cli: Cli) -> WalletResult<()> {
    let keys_dir = cli.keys.clone().unwrap_or_else(|| {
        std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(".rollup-wallet"), |home| PathBuf::from(home).join(".rollup-wallet"))
    });
    let app =
        App { wallet: Wallet::new(&cli.api, &cli.l1_rpc_url)?, keystore: Keystore::new(keys_dir), l1_key: cli.l1_key };
    let wallet = &app.wallet;
    match cli.command {
        Command::New { name } => {
            let key = app.keystore.create(&name)?;
            println!("created key {name}: public key {}", key.public_hex());
            println!("  stored in {}", app.keystore.dir().join(format!("{name}.json")).display());
        }
        Command::Import { name, private_key } => {
            let key = app.keystore.import(&name, &private_key)?;
            println!("imported key {name}: public key {}", key.public_hex());
        }
        Command::Keys => {
            for name in app.keystore.names()? {
                println!("{name} {}", app.keystore.load(&name)?.public_hex());
            }
        }
        Command::Balances { name } => app.balances(&name).await?,
        Command::Deposit { name, amount, token, no_wait } => {
            let key = app.key(&name)?;
            let token = wallet.token(&token).await?;
            let amount = parse_amount(&amount, token.decimals)?;
            let before = match wallet.account(&key.key).await? {
                Some(account) => json_amount(&account["balances"][token.id.to_string()]),
                None => 0,
            };
            let l1_tx = wallet.deposit(app.l1_key()?, &key.key, &token, amount).await?;
            println!("deposit of {} {} sent on L1: {l1_tx}", format_amount(amount, token.decimals), token.symbol);
            if !no_wait {
                eprintln!("  ... waiting for L2 to credit it (after the L1 confirmations)");
                let id = wallet
                    .poll(Duration::from_secs(300), "the deposit to reach L2", || async {
                        let Some(account) = wallet.account(&key.key).await? else { return Ok(None) };
                        let balance = json_amount(&account["balances"][token.id.to_string()]);
                        Ok((balance >= before + amount).then(|| account["id"].clone()))
                    })
                    .await?;
                println!(
                    "credited on L2: account {id} holds {} more {}",
                    format_amount(amount, token.decimals),
                    token.symbol
                );
            }
        }
        Command::Transfer { name, to, amount, token, common } => {
            let key = app.key(&name)?;
            let token = wallet.token(&token).await?;
            let (from, nonce) = wallet.existing_account(&key.key).await?;
            // A key name of this wallet, else an id or a public key as the API takes them.
            let to = match app.keystore.load(&to) {
                Ok(named) => named.public_hex(),
                Err(_) => to,
            };
            let to = wallet.account_id(&to).await?;
            let valid_until = wallet.valid_until(common.valid_for).await?;
            let tx = Tx::Transfer(Transfer {
                from,
                to,
                token: token.id,
                amount: parse_amount(&amount, token.decimals)?,
                fee: parse_amount(&common.fee, token.decimals)?,
                valid_until,
                nonce,
                signature: signature(),
            });
            app.send(&key, tx, &common).await?;
        }
        Command::Swap { name, amount, token, pool, min_out, slippage_bps, common } => {
            let key = app.key(&name)?;
            let sold = wallet.token(&token).await?;
            let (token_a, token_b) = wallet.pool_tokens(pool).await?;
            let a_to_b = sold.id == token_a.id;
            if !a_to_b && sold.id != token_b.id {
                return Err(WalletError::Usage(format!("pool {pool} does not trade {}", sold.symbol)));
            }
            let bought = if a_to_b { token_b } else { token_a };
            let amount_in = parse_amount(&amount, sold.decimals)?;
            let min_amount_out = match min_out {
                Some(min) => parse_amount(&min, bought.decimals)?,
                None => {
                    let quote =
                        wallet.get(&format!("/v1/pools/{pool}/quote?a_to_b={a_to_b}&amount_in={amount_in}")).await?;
                    let out = json_amount(&quote["amount_out"]);
                    println!("quote: {} {}", format_amount(out, bought.decimals), bought.symbol);
                    with_slippage(out, slippage_bps)
                }
            };
            let (account, nonce) = wallet.existing_account(&key.key).await?;
            let valid_until = wallet.valid_until(common.valid_for).await?;
            let tx = Tx::Swap(Swap {
                account,
                pool,
                a_to_b,
                amount_in,
                min_amount_out,
                fee: parse_amount(&common.fee, sold.decimals)?,
                valid_until,
                nonce,
                signature: signature(),
            });
            app.send(&key, tx, &common).await?;
        }
        Command::AddLiquidity { name, amount_a, max_b, pool, min_lp, slippage_bps, common } => {
            let key = app.key(&name)?;
            let (token_a, token_b) = wallet.pool_tokens(pool).await?;
            let amount_a = parse_amount(&amount_a, token_a.decimals)?;
            let max_amount_b = parse_amount(&max_b, token_b.decimals)?;
            let min_lp = match min_lp {
                Some(min_lp) => min_lp,
                None => {
                    let quote = wallet.liquidity_quote(pool, amount_a, max_amount_b).await?;
                    let locked = match quote.lp_locked {
                        0 => String::new(),
                        locked => format!(" ({locked} more locked in the pool: the first provision)"),
                    };
                    let paid = format_amount(quote.amount_b, token_b.decimals);
                    println!("quote: {paid} {} for {} LP shares{locked}", token_b.symbol, quote.lp_minted);
                    with_slippage(quote.lp_minted, slippage_bps)
                }
            };
            let (account, nonce) = wallet.existing_account(&key.key).await?;
            let valid_until = wallet.valid_until(common.valid_for).await?;
            let tx = Tx::AddLiquidity(AddLiquidity {
                account,
                pool,
                amount_a,
                max_amount_b,
                min_lp,
                fee: parse_amount(&common.fee, token_a.decimals)?,
                valid_until,
                nonce,
                signature: signature(),
            });
            app.send(&key, tx, &common).await?;
        }
        Command::RemoveLiquidity { name, lp_amount, pool, min_a, min_b, common } => {
            let key = app.key(&name)?;
            let (token_a, token_b) = wallet.pool_tokens(pool).await?;
            let (account, nonce) = wallet.existing_account(&key.key).await?;
            let valid_until = wallet.valid_until(common.valid_for).await?;
            let tx = Tx::RemoveLiquidity(RemoveLiquidity {
                account,
                pool,
                lp_amount,
                min_amount_a: parse_amount(&min_a, token_a.decimals)?,
                min_amount_b: parse_amount(&min_b, token_b.decimals)?,
                fee: parse_amount(&common.fee, token_a.decimals)?,
                valid_until,
                nonce,
                signature: signature(),
            });
            app.send(&key, tx, &common).await?;
        }
        Command::Withdraw { name, amount, token, to, common } => {
            let key = app.key(&name)?;
            let token = wallet.token(&token).await?;
            let to = match to {
                Some(to) => sequencer::l1::address(&to)?,
                None => sequencer::l1::signer(app.l1_key()?)?.address(),
            };
            let (account, nonce) = wallet.existing_account(&key.key).await?;
            let valid_until = wallet.valid_until(common.valid_for).await?;
            let tx = Tx::Withdraw(Withdraw {
                account,
                token: token.id,
                amount: parse_amount(&amount, token.decimals)?,
                fee: parse_amount(&common.fee, token.decimals)?,
                to: circuits::state::L1Address(to.into_array()),
                valid_until,
                nonce,
                signature: signature(),
            });
            app.send(&key, tx, &common).await?;
        }
        Command::Claim { token } => {
            let token = wallet.token(&token).await?;
            let (amount, l1_tx) = wallet.claim(app.l1_key()?, &token).await?;
            println!("claimed {} {} on L1: {l1_tx}", format_amount(amount, token.decimals), token.symbol);
        }
        Command::L1Balance { token } => {
            let token = wallet.token(&token).await?;
            let key = app.l1_key()?;
            let balance = wallet.l1_balance(key, &token).await?;
            let claimable = wallet.claimable(key, &token).await?;
            println!(
                "{}: {} {} on L1, {} claimable",
                sequencer::l1::signer(key)?.address(),
                format_amount(balance, token.decimals),
                token.symbol,
                format_amount(claimable, token.decimals)
            );
        }
        Command::Pools => {
            let tokens = wallet.tokens().await?;
            let pools = wallet.get("/v1/pools").await?;
            for entry in pools["pools"].as_array().cloned().unwrap_or_default() {
                let pool = &entry["pool"];
                let token = |field: &str| {
                    let id = pool[field].as_u64().unwrap_or(u64::MAX);
                    tokens.iter().find(|t| u64::from(t.id) == id).cloned()
                };
                let (Some(a), Some(b)) = (token("token_a"), token("token_b")) else { continue };
                println!(
                    "pool {}: {}/{} fee {} bps, reserves {} {} / {} {}, LP supply {} (token LP-{})",
                    entry["id"],
                    a.symbol,
                    b.symbol,
                    pool["fee_bps"],
                    format_amount(json_amount(&pool["reserve_a"]), a.decimals),
                    a.symbol,
                    format_amount(json_amount(&pool["reserve_b"]), b.decimals),
                    b.symbol,
                    json_amount(&pool["lp_supply"]),
                    entry["id"]
                );
            }
        }
        Command::Exit { account, rollup_address, genesis, from_block, submit } => {
            let genesis = sequencer::node::read_genesis(&genesis).map_err(|e| WalletError::Usage(e.to_string()))?;
            let rollup = sequencer::l1::address(&rollup_address)?;
            let report =
                sequencer::wallet::exit::exit_report(&cli.l1_rpc_url, rollup, &genesis, from_block, account).await?;
            println!("{}", serde_json::to_string_pretty(&report).expect("a report serialises"));
            if submit {
                let hashes =
                    sequencer::wallet::exit::submit_exits(&cli.l1_rpc_url, app.l1_key()?, rollup, &report.claims)
                        .await?;
                for ((claim, exit), pay) in
                    report.claims.iter().zip(hashes.iter().step_by(2)).zip(hashes.iter().skip(1).step_by(2))
                {
                    eprintln!(
                        "token {}: exit {} ({} gas), claimFor {} ({} gas)",
                        claim.token, exit.0, exit.1, pay.0, pay.1
                    );
                }
            }
        }
        Command::Status { hash, wait, timeout_secs } => match wait {
            Some(stage) => {
                app.wait(&hash, stage, timeout_secs).await?;
            }
            None => println!("{hash}: {}", describe(&wallet.get(&format!("/v1/transactions/{hash}")).await?)),
        },
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
