//! A real HTTP/1.1 server on 127.0.0.1 for the feed tests: one thread per connection, routes
//! answered by a function of the path; `Reply::Raw` lets a test misbehave on purpose.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

#[allow(dead_code)] // each test binary uses some of the replies
pub enum Reply {
    Ok { content_type: &'static str, body: Vec<u8> },
    Status { code: u16, headers: Vec<(&'static str, String)> },
    /// Bytes written as they are, then the connection closes (after `pause`, if any).
    Raw { bytes: Vec<u8>, pause: Duration },
    /// Headers without Content-Length, then `total` bytes starting with `head`, then close.
    Stream { content_type: &'static str, head: Vec<u8>, total: usize },
}

pub struct Server {
    pub base: String,
}

impl Server {
    pub fn start(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let route = Arc::new(route);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let route = route.clone();
                std::thread::spawn(move || serve(stream, &*route));
            }
        });
        Self { base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(mut stream: TcpStream, route: &dyn Fn(&str) -> Reply) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h.trim().is_empty() {
            break;
        }
    }
    let _ = match route(&path) {
        Reply::Ok { content_type, body } => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body))
        }
        Reply::Status { code, headers } => {
            let mut head = format!("HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n");
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())
        }
        Reply::Raw { bytes, pause } => {
            let r = stream.write_all(&bytes).and_then(|()| stream.flush());
            std::thread::sleep(pause);
            r
        }
        Reply::Stream { content_type, head, total } => {
            let h = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n");
            let mut r = stream.write_all(h.as_bytes()).and_then(|()| stream.write_all(&head));
            let chunk = vec![0u8; 64 << 10];
            let mut sent = head.len();
            while r.is_ok() && sent < total {
                let n = chunk.len().min(total - sent);
                r = stream.write_all(&chunk[..n]);
                sent += n;
            }
            r
        }
    };
}
