#!/usr/bin/env node
// Regenerates circuits/src/poseidon/circom_opt_constants.bin from circomlibjs's
// `src/poseidon_constants_opt.json` (npm circomlibjs@0.1.7), so the hash is provably circom's.
//
// Usage: node scripts/gen-poseidon-constants.js path/to/poseidon_constants_opt.json
//
// Layout, for each width t = 2..17 in order: C, M, P, S, every element 32 bytes little-endian.
// Lengths: C = 8t + R_P, M = P = t*t (row-major as in the JSON), S = (2t - 1) * R_P.
const fs = require("fs");
const path = require("path");
const src = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = [];
const push = (v) => {
  let n = BigInt(v);
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) { b[i] = Number(n & 0xffn); n >>= 8n; }
  out.push(b);
};
for (let w = 0; w < 16; w++) {
  src.C[w].forEach(push);
  src.M[w].flat().forEach(push);
  src.P[w].flat().forEach(push);
  src.S[w].forEach(push);
}
const dest = path.join(__dirname, "..", "circuits", "src", "poseidon", "circom_opt_constants.bin");
fs.writeFileSync(dest, Buffer.concat(out));
console.log(`wrote ${out.length} field elements to ${dest}`);
