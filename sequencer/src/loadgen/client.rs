//! A minimal HTTP/1.1 keep-alive client: one hyper connection per lane, one request at a time.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpStream;

/// Why a request got no HTTP answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The URL is not `http://host:port[/...]`.
    #[error("bad URL {0:?}: expected http://host:port")]
    BadUrl(String),
    /// Connecting.
    #[error("connect {0}: {1}")]
    Connect(String, std::io::Error),
    /// HTTP.
    #[error(transparent)]
    Http(#[from] hyper::Error),
    /// Building a request.
    #[error(transparent)]
    Request(#[from] hyper::http::Error),
}

/// One connection to the sequencer.
#[derive(Debug)]
pub struct Connection {
    authority: String,
    sender: SendRequest<Full<Bytes>>,
}

/// `host:port` of an `http://` URL.
pub fn authority(url: &str) -> Result<String, ClientError> {
    let rest = url.strip_prefix("http://").ok_or_else(|| ClientError::BadUrl(url.into()))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err(ClientError::BadUrl(url.into()));
    }
    Ok(authority.to_string())
}

impl Connection {
    /// Opens a connection to `authority` (`host:port`).
    pub async fn open(authority: &str) -> Result<Self, ClientError> {
        let stream = TcpStream::connect(authority).await.map_err(|e| ClientError::Connect(authority.into(), e))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
        });
        Ok(Self { authority: authority.into(), sender })
    }

    /// Sends a request; returns the status and the whole body.
    pub async fn send(&mut self, method: Method, path: &str, body: Bytes) -> Result<(u16, Bytes), ClientError> {
        self.sender.ready().await?;
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, &self.authority)
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(body))?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Result<(u16, Bytes), ClientError> {
        self.send(Method::GET, path, Bytes::new()).await
    }
}

/// The parts of an error body the generator reads.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    /// The error code.
    pub code: String,
}

/// `{"error": {...}}`.
#[derive(Debug, Deserialize)]
pub struct ErrorResponse {
    /// The error.
    pub error: ErrorBody,
}

/// One item of a batch answer.
#[derive(Debug, Deserialize)]
pub struct BatchItem {
    /// `accepted` or `rejected`.
    pub status: String,
    /// The error of a rejected item.
    pub error: Option<ErrorBody>,
}

/// A batch answer.
#[derive(Debug, Deserialize)]
pub struct BatchResponse {
    /// Per transaction, in order.
    pub results: Vec<BatchItem>,
}

/// The per-transaction results of a submission answer: `None` for accepted, else the code.
pub fn outcomes(status: u16, body: &[u8], count: usize, batch: bool) -> Vec<Option<String>> {
    let whole = |code: String| vec![Some(code); count];
    if status != 200 {
        return whole(
            serde_json::from_slice::<ErrorResponse>(body).map_or_else(|_| format!("http_{status}"), |e| e.error.code),
        );
    }
    if !batch {
        return vec![None];
    }
    match serde_json::from_slice::<BatchResponse>(body) {
        Ok(response) => response
            .results
            .into_iter()
            .map(|item| match item.status.as_str() {
                "accepted" => None,
                _ => Some(item.error.map_or_else(|| "unknown".into(), |e| e.code)),
            })
            .collect(),
        Err(_) => whole("bad_response".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answers() {
        assert_eq!(authority("http://127.0.0.1:3000/").unwrap(), "127.0.0.1:3000");
        assert!(authority("https://x").is_err());
        let batch = br#"{"results":[{"status":"accepted","result":{}},{"status":"rejected","error":{"code":"bad_nonce","message":"m"}}]}"#;
        assert_eq!(outcomes(200, batch, 2, true), vec![None, Some("bad_nonce".to_string())]);
        let error = br#"{"error":{"code":"overloaded","message":"m"}}"#;
        assert_eq!(outcomes(503, error, 2, true), vec![Some("overloaded".to_string()); 2]);
        assert_eq!(outcomes(200, b"{}", 1, false), vec![None]);
    }
}
