//! `GET /v1/ws`: a WebSocket stream of JSON events (see [`crate::types::Event`]).

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use tokio::sync::broadcast::error::RecvError;

use super::AppState;

/// Upgrades and streams events until the client leaves. A client that falls behind gets a
/// `{"event":"lagged","missed":N}` message and continues with the newest events.
pub(super) async fn subscribe(State(app): State<AppState>, upgrade: WebSocketUpgrade) -> Response {
    let events = app.events.subscribe();
    upgrade.on_upgrade(move |socket| stream(socket, events))
}

async fn stream(mut socket: WebSocket, mut events: tokio::sync::broadcast::Receiver<crate::types::Event>) {
    loop {
        let text = tokio::select! {
            event = events.recv() => match event {
                Ok(event) => serde_json::to_string(&event).expect("events serialise"),
                Err(RecvError::Lagged(missed)) => format!("{{\"event\":\"lagged\",\"missed\":{missed}}}"),
                Err(RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => continue,
            },
        };
        if socket.send(Message::Text(text.into())).await.is_err() {
            break;
        }
    }
}
