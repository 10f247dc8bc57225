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
