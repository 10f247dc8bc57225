//! L2 signing keys in a folder, one JSON file per named key: `{"name", "private_key",
//! "public_key"}`. The private key is circomlibjs' form (32 random bytes, hex), so the same
//! key signs in a dApp using circomlibjs or zk-kit. Files are created readable by their owner
//! only. The keys are not encrypted: this is a development wallet.

use std::io::Write;
use std::path::{Path, PathBuf};

use circuits::babyjubjub::PrivateKey;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{WalletError, WalletResult};

/// One key file.
#[derive(Debug, Serialize, Deserialize)]
struct KeyFile {
    name: String,
    /// `0x` + 64 hex digits.
    private_key: String,
    /// The packed public key, `0x` + 64 hex digits (what deposits and `/v1/accounts` take).
    public_key: String,
}

/// A named key.
#[derive(Debug)]
pub struct NamedKey {
    /// Its name.
    pub name: String,
    /// The key.
    pub key: PrivateKey,
}

impl NamedKey {
    /// The packed public key as `0x` hex.
    pub fn public_hex(&self) -> String {
        format!("0x{}", hex::encode(self.key.public_key().pack()))
    }
}

/// The key folder.
#[derive(Clone, Debug)]
pub struct Keystore {
    dir: PathBuf,
}

fn valid_name(name: &str) -> WalletResult<()> {
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(WalletError::Usage(format!("key name {name:?}: use 1-64 letters, digits, '-' or '_'")));
    }
    Ok(())
}

impl Keystore {
    /// The key folder at `dir` (created on the first `create`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// Creates a new random key named `name`; refuses to overwrite one.
    pub fn create(&self, name: &str) -> WalletResult<NamedKey> {
        valid_name(name)?;
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        self.write(name, &secret)
    }

    /// Stores an existing circomlibjs private key (32 bytes, hex) under `name`.
    pub fn import(&self, name: &str, private_key: &str) -> WalletResult<NamedKey> {
        valid_name(name)?;
        let bytes = hex::decode(private_key.trim().trim_start_matches("0x"))
            .map_err(|e| WalletError::Usage(format!("private key: {e}")))?;
        let secret: [u8; 32] =
            bytes.try_into().map_err(|_| WalletError::Usage("a private key is 32 bytes (64 hex digits)".into()))?;
        self.write(name, &secret)
    }

    fn write(&self, name: &str, secret: &[u8; 32]) -> WalletResult<NamedKey> {
        let key = NamedKey { name: name.to_string(), key: PrivateKey::from_bytes(secret) };
        let file = KeyFile {
            name: name.to_string(),
            private_key: format!("0x{}", hex::encode(secret)),
            public_key: key.public_hex(),
        };
        let io = |e: std::io::Error| WalletError::Keystore(format!("{}: {e}", self.dir.display()));
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let path = self.path(name);
        let mut out = options.open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => WalletError::Usage(format!("a key named {name:?} exists already")),
            _ => io(e),
        })?;
        let json = serde_json::to_string_pretty(&file).map_err(|e| WalletError::Keystore(e.to_string()))?;
        out.write_all(json.as_bytes()).map_err(io)?;
        Ok(key)
    }

    /// The key named `name`.
    pub fn load(&self, name: &str) -> WalletResult<NamedKey> {
        valid_name(name)?;
        let path = self.path(name);
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                WalletError::Usage(format!("no key named {name:?} in {} (wallet new {name})", self.dir.display()))
            }
            _ => WalletError::Keystore(format!("{}: {e}", path.display())),
        })?;
        let file: KeyFile =
            serde_json::from_str(&text).map_err(|e| WalletError::Keystore(format!("{}: {e}", path.display())))?;
        let bytes = hex::decode(file.private_key.trim_start_matches("0x"))
            .map_err(|e| WalletError::Keystore(format!("{}: private key: {e}", path.display())))?;
        let key = NamedKey { name: name.to_string(), key: PrivateKey::from_bytes(&bytes) };
        if key.public_hex() != file.public_key {
            return Err(WalletError::Keystore(format!(
                "{}: the public key does not match the private key",
                path.display()
            )));
        }
        Ok(key)
    }

    /// Every key's name, sorted.
    pub fn names(&self) -> WalletResult<Vec<String>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(WalletError::Keystore(format!("{}: {e}", self.dir.display()))),
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
            .collect();
        names.sort();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_names_are_checked() {
        let dir = std::env::temp_dir().join(format!("wallet-keystore-{}", std::process::id()));
        let store = Keystore::new(&dir);
        let alice = store.create("alice").unwrap();
        assert_eq!(store.load("alice").unwrap().public_hex(), alice.public_hex());
        assert!(matches!(store.create("alice"), Err(WalletError::Usage(_))), "no overwrite");
        assert!(matches!(store.load("../etc/passwd"), Err(WalletError::Usage(_))));
        assert!(matches!(store.load("bob"), Err(WalletError::Usage(m)) if m.contains("wallet new bob")));
        // circomlibjs' private key 0x0001..1f gives the same key imported here.
        let imported = store.import("vector", &format!("0x{}", hex::encode((0u8..32).collect::<Vec<_>>()))).unwrap();
        assert_eq!(imported.key.public_key(), PrivateKey::from_bytes(&(0u8..32).collect::<Vec<_>>()).public_key());
        assert_eq!(store.names().unwrap(), ["alice", "vector"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("alice.json")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
