//! BLAKE-512, the original SHA-3 finalist (16 rounds), which circomlibjs uses (npm `blake-hash`)
//! to derive EdDSA keys and nonces. It is not BLAKE2b. No maintained crate builds on current
//! Rust, and we only ever hash short inputs, so this is a direct, allocation-light transcription
//! of the specification.

const IV: [u64; 8] = [
    0x6A09E667F3BCC908,
    0xBB67AE8584CAA73B,
    0x3C6EF372FE94F82B,
    0xA54FF53A5F1D36F1,
    0x510E527FADE682D1,
    0x9B05688C2B3E6C1F,
    0x1F83D9ABFB41BD6B,
    0x5BE0CD19137E2179,
];

/// The first 1024 fractional bits of pi.
const PI: [u64; 16] = [
    0x243F6A8885A308D3,
    0x13198A2E03707344,
    0xA4093822299F31D0,
    0x082EFA98EC4E6C89,
    0x452821E638D01377,
    0xBE5466CF34E90C6C,
    0xC0AC29B7C97C50DD,
    0x3F84D5B5B5470917,
    0x9216D5D98979FB1B,
    0xD1310BA698DFB5AC,
    0x2FFD72DBD01ADFB7,
    0xB8E1AFED6A267E96,
    0xBA7C9045F12C7F99,
    0x24A19947B3916CF7,
    0x0801F2E2858EFC16,
    0x636920D871574E69,
];

const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

const BLOCK: usize = 128;

fn compress(h: &mut [u64; 8], block: &[u8; BLOCK], counter_bits: u128) {
    let mut m = [0u64; 16];
    for (word, bytes) in m.iter_mut().zip(block.chunks_exact(8)) {
        *word = u64::from_be_bytes(bytes.try_into().expect("8 bytes"));
    }
    let (t0, t1) = (counter_bits as u64, (counter_bits >> 64) as u64);
    let mut v = [0u64; 16];
    v[..8].copy_from_slice(h);
    v[8..12].copy_from_slice(&PI[..4]); // salt is zero
    v[12] = t0 ^ PI[4];
    v[13] = t0 ^ PI[5];
    v[14] = t1 ^ PI[6];
    v[15] = t1 ^ PI[7];

    const LANES: [[usize; 4]; 8] = [
        [0, 4, 8, 12],
        [1, 5, 9, 13],
        [2, 6, 10, 14],
        [3, 7, 11, 15],
        [0, 5, 10, 15],
        [1, 6, 11, 12],
        [2, 7, 8, 13],
        [3, 4, 9, 14],
    ];
    for round in 0..16 {
        let s = &SIGMA[round % 10];
        for (i, &[a, b, c, d]) in LANES.iter().enumerate() {
            let (x, y) = (s[2 * i], s[2 * i + 1]);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(m[x] ^ PI[y]);
            v[d] = (v[d] ^ v[a]).rotate_right(32);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(25);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(m[y] ^ PI[x]);
            v[d] = (v[d] ^ v[a]).rotate_right(16);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(11);
        }
    }
    for i in 0..8 {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

/// BLAKE-512 of `message`.
pub fn blake512(message: &[u8]) -> [u8; 64] {
    let mut h = IV;
    let total_bits = (message.len() as u128) * 8;
    let mut chunks = message.chunks_exact(BLOCK);
    let mut hashed_bits: u128 = 0;
    for block in &mut chunks {
        hashed_bits += (BLOCK * 8) as u128;
        compress(&mut h, block.try_into().expect("block"), hashed_bits);
    }
    let rest = chunks.remainder();

    // Padding: a 1 bit, zeros, a 1 bit, then the 128-bit big-endian message length.
    let mut tail = [0u8; 2 * BLOCK];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() + 1 + 16 <= BLOCK { BLOCK } else { 2 * BLOCK };
    tail[tail_len - 17] |= 0x01;
    tail[tail_len - 16..tail_len].copy_from_slice(&total_bits.to_be_bytes());

    for (index, block) in tail[..tail_len].chunks_exact(BLOCK).enumerate() {
        // The counter is the number of message bits up to the end of this block; a block that
        // holds only padding is compressed with a zero counter.
        let counter = if index == 0 && !rest.is_empty() { total_bits } else { 0 };
        compress(&mut h, block.try_into().expect("block"), counter);
    }

    let mut out = [0u8; 64];
    for (bytes, word) in out.chunks_exact_mut(8).zip(h) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}
