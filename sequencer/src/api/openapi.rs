//! The OpenAPI 3.1 document, written by hand. A test checks that it lists exactly the routes
//! of the router.

use axum::Json;
use serde_json::{json, Value};

/// `GET /openapi.json`.
pub(super) async fn document() -> Json<Value> {
    Json(openapi())
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn path_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema })
}

fn query_param(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({ "name": name, "in": "query", "required": required, "description": description, "schema": schema })
}

/// The document.
pub fn openapi() -> Value {
    let amount = json!({ "type": "string", "pattern": "^[0-9]+$", "description": "decimal integer" });
    let hex32 = json!({ "type": "string", "pattern": "^0x[0-9a-f]{64}$" });
    let submit_errors = |mut responses: serde_json::Map<String, Value>| {
        responses.insert("400".into(), error_response("malformed_json (bad JSON, unknown field, wrong type)"));
        responses.insert("409".into(), error_response("bad_nonce, nonce_exhausted, already_known (replay)"));
        responses.insert("413".into(), error_response("payload_too_large"));
        responses.insert(
            "422".into(),
            error_response(
                "a transaction rule: invalid_signature, insufficient_balance, overflow, unknown_account, unknown_token, \
                 unknown_pool, not_packable, zero_amount, self_transfer, not_l1_token, empty_pool, slippage_exceeded, \
                 insufficient_liquidity, account_tree_full, expired (valid_until is below the batch it would go \
                 into), unsupported_tx_type",
            ),
        );
        responses.insert("503".into(), error_response("overloaded or unavailable; Retry-After: 1"));
        Value::Object(responses)
    };
    let mut single = serde_json::Map::new();
    single.insert("200".into(), json_response("accepted and persisted", schema_ref("Accepted")));
    let mut many = serde_json::Map::new();
    many.insert(
        "200".into(),
        json_response(
            "one result per item, in order",
            json!({ "type": "object", "required": ["results"], "properties": { "results": { "type": "array", "items": schema_ref("BatchItemResult") } } }),
        ),
    );
    let page = vec![
        query_param("before", "only numbers at most this", json!({ "type": "integer" }), false),
        query_param("limit", "1..100, default 20", json!({ "type": "integer" }), false),
    ];
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Rollup sequencer API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Submit signed L2 transactions and follow them through blocks, batches, proofs and L1 settlement. \
                Every error is {\"error\": {\"code\", \"message\", \"details\"?}}. Transactions are accepted only once they are in Postgres.",
        },
        "paths": {
            "/v1/transactions": { "post": {
                "summary": "Submit one signed L2 transaction (transfer, withdraw, swap, add_liquidity, remove_liquidity)",
                "requestBody": { "required": true, "content": { "application/json": { "schema": schema_ref("Tx") } } },
                "responses": submit_errors(single),
            }},
            "/v1/transactions/batch": { "post": {
                "summary": "Submit up to 10000 transactions; each is answered on its own, in order",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "array", "items": schema_ref("Tx") } } } },
                "responses": submit_errors(many),
            }},
            "/v1/transactions/{hash}": { "get": {
                "summary": "What happened to a transaction",
                "parameters": [path_param("hash", "0x + 64 hex digits", hex32.clone())],
                "responses": {
                    "200": json_response("its status", schema_ref("TxStatus")),
                    "400": error_response("bad_request"),
                    "404": error_response("not_found (never seen, or a rejection no longer remembered)"),
                },
            }},
            "/v1/accounts/{account}": { "get": {
                "summary": "An account by id or public key",
                "parameters": [path_param("account", "decimal id or 0x packed public key", json!({ "type": "string" }))],
                "responses": {
                    "200": json_response("the account", schema_ref("Account")),
                    "400": error_response("bad_request"),
                    "404": error_response("not_found"),
                },
            }},
            "/v1/accounts/{account}/proof": { "get": {
                "summary": "Merkle proof of an account leaf against the latest state root, or the last sealed batch's root",
                "parameters": [
                    path_param("account", "decimal id or 0x packed public key", json!({ "type": "string" })),
                    query_param("batch", "the last sealed batch's number; older batches answer proof_unavailable", json!({ "type": "integer" }), false),
                ],
                "responses": {
                    "200": json_response("the proof", schema_ref("AccountProof")),
                    "400": error_response("bad_request"),
                    "404": error_response("not_found, proof_unavailable"),
                },
            }},
            "/v1/tokens": { "get": {
                "summary": "Registered L1 tokens",
                "responses": { "200": json_response("tokens", json!({ "type": "object", "properties": { "tokens": { "type": "array", "items": {
                    "type": "object", "properties": { "id": { "type": "integer" }, "info": { "type": "object", "properties": {
                        "symbol": { "type": "string" }, "decimals": { "type": "integer" }, "l1_address": { "type": "string" } } } } } } } })) },
            }},
            "/v1/pools": { "get": {
                "summary": "Every AMM pool",
                "responses": { "200": json_response("pools", json!({ "type": "object", "properties": { "pools": { "type": "array", "items": schema_ref("Pool") } } })) },
            }},
            "/v1/pools/{id}": { "get": {
                "summary": "One pool",
                "parameters": [path_param("id", "pool id", json!({ "type": "integer" }))],
                "responses": { "200": json_response("the pool", schema_ref("Pool")), "400": error_response("bad_request"), "404": error_response("not_found") },
            }},
            "/v1/pools/{id}/quote": { "get": {
                "summary": "Output of selling amount_in into the pool now (before the transaction fee)",
                "parameters": [
                    path_param("id", "pool id", json!({ "type": "integer" })),
                    query_param("a_to_b", "sell token_a for token_b", json!({ "type": "boolean" }), true),
                    query_param("amount_in", "exact input, decimal", amount.clone(), true),
                ],
                "responses": {
                    "200": json_response("the quote", json!({ "type": "object", "properties": {
                        "pool": { "type": "integer" }, "a_to_b": { "type": "boolean" }, "token_in": { "type": "integer" },
                        "token_out": { "type": "integer" }, "amount_in": amount, "amount_out": amount, "fee_bps": { "type": "integer" } } })),
                    "400": error_response("bad_request"),
                    "404": error_response("not_found"),
                    "422": error_response("empty_pool"),
                },
            }},
            "/v1/pools/{id}/liquidity-quote": { "get": {
                "summary": "What adding liquidity does now: token_b taken, shares credited (what min_lp bounds) and shares locked \
                    (a pool's first provision locks 1000 of its floor(sqrt(amount_a * max_amount_b)) shares forever)",
                "parameters": [
                    path_param("id", "pool id", json!({ "type": "integer" })),
                    query_param("amount_a", "exact token_a, decimal", amount.clone(), true),
                    query_param("max_amount_b", "the most token_b, decimal (the exact amount at a first provision)", amount.clone(), true),
                ],
                "responses": {
                    "200": json_response("the quote", json!({ "type": "object", "properties": {
                        "pool": { "type": "integer" }, "amount_a": amount, "amount_b": amount, "lp_minted": amount,
                        "lp_locked": amount, "lp_supply_after": amount } })),
                    "400": error_response("bad_request"),
                    "404": error_response("not_found"),
                    "422": error_response("zero_amount, slippage_exceeded (amount_b > max_amount_b), insufficient_liquidity \
                        (a first provision of at most 1000 shares)"),
                },
            }},
            "/v1/blocks": { "get": {
                "summary": "Closed blocks, newest first",
                "parameters": page.clone(),
                "responses": { "200": json_response("blocks", json!({ "type": "object", "properties": { "blocks": { "type": "array", "items": schema_ref("Block") } } })), "400": error_response("bad_request") },
            }},
            "/v1/blocks/{number}": { "get": {
                "summary": "One block",
                "parameters": [path_param("number", "block number (from 1)", json!({ "type": "integer" }))],
                "responses": { "200": json_response("the block", schema_ref("Block")), "400": error_response("bad_request"), "404": error_response("not_found") },
            }},
            "/v1/batches": { "get": {
                "summary": "Sealed batches, newest first",
                "parameters": page,
                "responses": { "200": json_response("batches", json!({ "type": "object", "properties": { "batches": { "type": "array", "items": schema_ref("Batch") } } })), "400": error_response("bad_request") },
            }},
            "/v1/batches/{number}": { "get": {
                "summary": "One batch (the prover's witness is in the database)",
                "parameters": [path_param("number", "batch number (from 1)", json!({ "type": "integer" }))],
                "responses": { "200": json_response("the batch", schema_ref("Batch")), "400": error_response("bad_request"), "404": error_response("not_found") },
            }},
            "/v1/status": { "get": {
                "summary": "Heights, roots, counters and throughput",
                "responses": { "200": json_response("node status", schema_ref("NodeStatus")) },
            }},
            "/v1/ws": { "get": {
                "summary": "WebSocket: JSON events tx_accepted, tx_rejected, block, batch (and lagged when a client falls behind)",
                "responses": { "101": { "description": "switching protocols; then a stream of Event messages", "content": { "application/json": { "schema": schema_ref("Event") } } } },
            }},
            "/metrics": { "get": {
                "summary": "Prometheus metrics (text exposition)",
                "responses": { "200": { "description": "metrics", "content": { "text/plain": { "schema": { "type": "string" } } } } },
            }},
            "/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": json_response("OpenAPI 3.1", json!({ "type": "object" })) },
            }},
        },
        "components": { "schemas": schemas(&amount, &hex32) },
    })
}

fn schemas(amount: &Value, hex32: &Value) -> Value {
    let signature = json!({ "type": "string", "pattern": "^0x[0-9a-f]{128}$", "description": "packed EdDSA-Poseidon signature of the signing message" });
    let l2 = |name: &str, mut properties: serde_json::Map<String, Value>| {
        properties.insert("type".into(), json!({ "const": name }));
        properties.insert("fee".into(), amount.clone());
        properties.insert(
            "valid_until".into(),
            json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX, "description": "the last batch that may include it \
                (a batch number; refused as expired once the open batch is past it): sign the status' heights.open_batch \
                plus the batches allowed" }),
        );
        properties.insert("nonce".into(), json!({ "type": "integer", "minimum": 0 }));
        properties.insert("signature".into(), signature.clone());
        let required: Vec<&String> = properties.keys().collect();
        json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
    };
    let props = |pairs: &[(&str, Value)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let int = json!({ "type": "integer", "minimum": 0 });
    let address = json!({ "type": "string", "pattern": "^0x[0-9a-f]{40}$" });
    json!({
        "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
            "code": { "type": "string", "enum": [
                "malformed_json", "bad_request", "not_found", "proof_unavailable", "method_not_allowed", "payload_too_large",
                "invalid_signature", "bad_nonce", "nonce_exhausted", "insufficient_balance", "unknown_account", "unknown_token",
                "unknown_pool", "slippage_exceeded", "overflow", "zero_amount", "self_transfer", "not_l1_token", "empty_pool",
                "insufficient_liquidity", "account_tree_full", "not_packable", "expired", "unsupported_tx_type", "duplicate_priority_op", "already_known",
                "overloaded", "unavailable", "internal"] },
            "message": { "type": "string" },
            "details": { "type": "object", "description": "the rule's fields, e.g. expected and got for bad_nonce" } } } } },
        "Tx": { "oneOf": [
            l2("transfer", props(&[("from", int.clone()), ("to", int.clone()), ("token", int.clone()), ("amount", amount.clone())])),
            l2("withdraw", props(&[("account", int.clone()), ("token", int.clone()), ("amount", amount.clone()), ("to", address.clone())])),
            l2("swap", props(&[("account", int.clone()), ("pool", int.clone()), ("a_to_b", json!({ "type": "boolean" })), ("amount_in", amount.clone()), ("min_amount_out", amount.clone())])),
            l2("add_liquidity", props(&[("account", int.clone()), ("pool", int.clone()), ("amount_a", amount.clone()), ("max_amount_b", amount.clone()), ("min_lp", amount.clone())])),
            l2("remove_liquidity", props(&[("account", int.clone()), ("pool", int.clone()), ("lp_amount", amount.clone()), ("min_amount_a", amount.clone()), ("min_amount_b", amount.clone())])),
        ], "discriminator": { "propertyName": "type" } },
        "Accepted": { "type": "object", "required": ["hash", "seq", "block", "batch", "receipt"], "properties": {
            "hash": hex32, "seq": int, "block": { "type": "integer", "description": "the block it will close in" },
            "batch": { "type": "integer", "description": "the batch it will be sealed in" },
            "receipt": { "type": "object", "description": "what it did; tagged by type (transfer, withdraw, swap with amount_out, ...)" } } },
        "BatchItemResult": { "type": "object", "required": ["status"], "properties": {
            "status": { "enum": ["accepted", "rejected"] }, "result": schema_ref("Accepted"),
            "error": { "type": "object", "properties": { "code": { "type": "string" }, "message": { "type": "string" } } } } },
        "TxStatus": { "type": "object", "required": ["hash", "status"], "properties": {
            "hash": hex32, "status": { "enum": ["pending", "in_block", "in_batch", "proven", "settled", "rejected"] },
            "seq": int, "block": { "type": ["integer", "null"] }, "batch": { "type": ["integer", "null"] },
            "received_at_ms": int, "tx": schema_ref("Tx"),
            "settle_tx_hash": { "type": ["string", "null"], "description": "the L1 executeBatch transaction, once settled" },
            "error": { "type": "object", "description": "rejected only" } } },
        "Account": { "type": "object", "properties": { "id": int, "public_key": hex32, "l1_address": address, "nonce": int,
            "balances": { "type": "object", "additionalProperties": amount, "description": "by token id" } } },
        "AccountProof": { "type": "object", "properties": {
            "account": int, "batch": { "type": ["integer", "null"] }, "state_root": hex32,
            "roots": { "type": "object", "description": "accounts, pools, tokens sub-roots (decimal); state_root = Poseidon(accounts, pools, tokens)" },
            "leaf": { "type": ["object", "null"], "description": "public_key, l1_address, nonce, balance_root (null: empty leaf)" },
            "leaf_hash": { "type": "string", "description": "decimal" },
            "proof": { "type": "object", "properties": { "index": int, "siblings": { "type": "array", "items": { "type": "string" } } } } } },
        "Pool": { "type": "object", "properties": { "id": int, "lp_token": int, "pool": { "type": "object", "properties": {
            "token_a": int, "token_b": int, "fee_bps": int, "reserve_a": amount, "reserve_b": amount, "lp_supply": amount } } } },
        "Block": { "type": "object", "properties": { "number": int, "first_seq": int, "last_seq": int, "tx_count": int, "state_root": hex32, "created_at_ms": int } },
        "Batch": { "type": "object", "properties": {
            "number": int, "status": { "enum": ["sealed", "committed", "proven", "settled"] }, "proof_status": { "enum": ["queued", "in_progress", "done", "failed"] },
            "first_seq": int, "last_seq": int, "tx_count": int, "slots": int, "first_block": int, "last_block": int,
            "old_state_root": hex32, "new_state_root": hex32, "commitment": hex32, "priority_ops": int,
            "pubdata": { "type": "string" }, "created_at_ms": int } },
        "NodeStatus": { "type": "object", "properties": {
            "chain_id": int, "genesis_root": hex32, "state_root": hex32,
            "rollup_address": { "type": ["string", "null"], "description": "the L1 Rollup contract (null without an L1)" },
            "heights": { "type": "object", "properties": { "block": int, "batch": int,
                "open_batch": { "type": "integer", "description": "the batch being filled: a transaction submitted now goes into it or a later one (sign valid_until from it)" },
                "proven_batch": { "type": "integer", "description": "the highest batch whose proof the fleet stored (not yet checked by L1)" },
                "verified_batch": { "type": "integer", "description": "the highest batch whose proof L1 verified" },
                "settled_batch": { "type": "integer", "description": "the highest batch L1 executed" } } },
            "accepted": int, "witnessed": int, "rejected": int, "throughput_tps": { "type": "number" },
            "queue": { "type": "object", "properties": { "depth": int, "capacity": int } } } },
        "Event": { "type": "object", "required": ["event"], "properties": { "event": { "enum": ["tx_accepted", "tx_rejected", "block", "batch", "lagged"] } } },
    })
}
