//! The OpenAPI document lists exactly the router's routes.

use std::collections::BTreeSet;

#[test]
fn openapi_lists_every_route_and_nothing_else() {
    let document = sequencer::api::openapi::openapi();
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |method| (method.clone(), path.clone())))
        .collect();
    let routed: BTreeSet<(String, String)> =
        sequencer::api::routes().into_iter().map(|(method, path)| (method.to_string(), path.to_string())).collect();
    assert_eq!(documented, routed);
    for (_, item) in document["paths"].as_object().unwrap() {
        for (_, operation) in item.as_object().unwrap() {
            assert!(operation["summary"].is_string() && operation["responses"].is_object());
        }
    }
}

/// Each L2 transaction schema requires exactly the fields a transaction serialises (its
/// `valid_until` included), and the error codes list `expired`.
#[test]
fn openapi_transaction_schemas_have_every_field_and_the_codes_list_expired() {
    use circuits::test_utils::TestWorld;

    let document = sequencer::api::openapi::openapi();
    let schemas = &document["components"]["schemas"];
    let world = TestWorld::new(4, 8);
    let txs = [
        world.transfer(1, 2, 0, 10, 0),
        world.withdraw(1, 0, 10, 0),
        world.swap(1, 0, true, 10, 0),
        world.add_liquidity(1, 0, 10_000, 10_000),
        world.remove_liquidity(1, 0, 10),
    ];
    for tx in txs {
        let json = serde_json::to_value(&tx).unwrap();
        let fields: BTreeSet<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(fields.contains("valid_until"), "{json}");
        let schema = schemas["Tx"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|schema| schema["properties"]["type"]["const"] == json["type"])
            .unwrap_or_else(|| panic!("no schema for {}", json["type"]));
        let properties: BTreeSet<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let required: BTreeSet<&str> =
            schema["required"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
        assert_eq!((&properties, &required), (&fields, &fields), "{}", json["type"]);
    }
    let codes = schemas["Error"]["properties"]["error"]["properties"]["code"]["enum"].as_array().unwrap();
    assert!(codes.contains(&serde_json::json!("expired")));
    let refused = &document["paths"]["/v1/transactions"]["post"]["responses"]["422"]["description"];
    assert!(refused.as_str().unwrap().contains("expired"));
}
