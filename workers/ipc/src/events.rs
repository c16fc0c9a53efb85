//! The supervisor's event queue: what the UI thread hears from a worker, in the order it
//! happened. Lifecycle events (started, lost, failed) and answers to requests (frames, photos
//! found) are always delivered. Only replaceable news (what plays now, the weather, headlines, a
//! poll's status, the audio worker's state) is bounded: at most [`EVENT_CAPACITY`] such events
//! wait; beyond that the oldest of the same kind (else the oldest replaceable one) is dropped, so
//! the newest state wins.

use crate::message::{Envelope, FeedsReply, FromWorker};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Replaceable events waiting for the UI thread, at most (the others are never dropped).
pub const EVENT_CAPACITY: usize = 256;

/// What the UI thread hears from a worker.
#[derive(Debug)]
pub enum Event {
    /// A worker generation answered the handshake and takes requests.
    Started { generation: u64, pid: u32 },
    Message { generation: u64, envelope: Envelope<FromWorker> },
    /// A worker generation is gone; requests it held will not be answered.
    Lost { generation: u64, reason: String },
    /// No more restarts: the budget is spent or the worker cannot work (protocol mismatch).
    Failed { reason: String },
}


impl Event {
    /// What a newer event of the same kind replaces (None: must be delivered).
    fn replaceable_kind(&self) -> Option<u8> {
        let Event::Message { envelope, .. } = self else { return None };
        match &envelope.body {
            FromWorker::Media(_) => Some(0),
            FromWorker::Audio(_) => Some(1),
            FromWorker::Feeds(FeedsReply::Weather { .. }) => Some(2),
            FromWorker::Feeds(FeedsReply::Headlines { .. }) => Some(3),
            FromWorker::Feeds(FeedsReply::Polled { .. }) => Some(4),
            FromWorker::Error { .. } => Some(5),
            FromWorker::Feeds(FeedsReply::Images { .. }) | FromWorker::Image(_) | FromWorker::Hello { .. } | FromWorker::HeartbeatAck { .. } => None,
        }
    }
}

/// Events for the UI thread, in the order they happened, and how many of them are replaceable.
#[derive(Default)]
struct Queue {
    events: VecDeque<Event>,
    replaceable: usize,
}

/// The queue itself, shared by a supervisor's threads and the UI thread.
#[derive(Default)]
pub(crate) struct EventQueue {
    queue: Mutex<Queue>,
    arrived: Condvar,
}

impl EventQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // A panic elsewhere while holding it leaves a queue that is still whole.
        self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds `event`; true if a replaceable one was dropped to make room.
    pub(crate) fn push(&self, event: Event) -> bool {
        let mut q = self.lock();
        let mut dropped = false;
        if let Some(kind) = event.replaceable_kind() {
            if q.replaceable >= EVENT_CAPACITY {
                let same = q.events.iter().position(|e| e.replaceable_kind() == Some(kind));
                let any = || q.events.iter().position(|e| e.replaceable_kind().is_some());
                if let Some(i) = same.or_else(any) {
                    q.events.remove(i);
                    q.replaceable -= 1;
                    dropped = true;
                }
            }
            q.replaceable += 1;
        }
        q.events.push_back(event);
        drop(q);
        self.arrived.notify_one();
        dropped
    }

    /// Everything waiting, oldest first.
    pub(crate) fn take(&self) -> VecDeque<Event> {
        let mut q = self.lock();
        q.replaceable = 0;
        std::mem::take(&mut q.events)
    }

    /// The oldest event, waiting up to `timeout` for one (command-line tools, never the UI).
    pub(crate) fn next_within(&self, timeout: Duration) -> Option<Event> {
        let q = self.lock();
        let (mut q, _) = self.arrived.wait_timeout_while(q, timeout, |q| q.events.is_empty()).unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = q.events.pop_front()?;
        if e.replaceable_kind().is_some() {
            q.replaceable -= 1;
        }
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn news(generation: u64, n: u32) -> Event {
        let polled = FeedsReply::Polled { feed: format!("f{n}"), added: n, error: None };
        Event::Message { generation, envelope: Envelope::new(u64::from(n), 0, FromWorker::Feeds(polled)) }
    }

    #[test]
    fn a_flood_of_news_never_drops_a_lifecycle_event_or_an_answer() {
        let queue = EventQueue::default();
        let mut dropped = 0u64;
        let total = 10 * EVENT_CAPACITY as u32;
        for n in 0..total {
            dropped += u64::from(queue.push(news(1, n)));
            if n % 1000 == 0 {
                dropped += u64::from(queue.push(Event::Started { generation: u64::from(n), pid: n }));
            }
            if n == total / 2 {
                let found = FeedsReply::Images { images: Vec::new(), from_cache: false };
                dropped += u64::from(queue.push(Event::Message { generation: 1, envelope: Envelope::new(9, 9, FromWorker::Feeds(found)) }));
                dropped += u64::from(queue.push(Event::Lost { generation: 1, reason: "gone".into() }));
            }
        }
        let got: Vec<Event> = queue.take().into_iter().collect();
        let started: Vec<u64> = got.iter().filter_map(|e| if let Event::Started { generation, .. } = e { Some(*generation) } else { None }).collect();
        assert_eq!(started, (0..total).step_by(1000).map(u64::from).collect::<Vec<_>>(), "every start, in order");
        assert_eq!(got.iter().filter(|e| matches!(e, Event::Lost { .. })).count(), 1);
        assert_eq!(got.iter().filter(|e| e.replaceable_kind().is_none() && matches!(e, Event::Message { .. })).count(), 1, "the photos found");
        let kept = got.iter().filter(|e| e.replaceable_kind().is_some()).count();
        assert_eq!(kept, EVENT_CAPACITY, "news is bounded");
        assert_eq!(dropped, u64::from(total) - EVENT_CAPACITY as u64);
        // The newest news won.
        let last = got.iter().rev().find_map(|e| match e {
            Event::Message { envelope, .. } => match &envelope.body {
                FromWorker::Feeds(FeedsReply::Polled { added, .. }) => Some(*added),
                _ => None,
            },
            _ => None,
        });
        assert_eq!(last, Some(total - 1));
        assert!(queue.take().is_empty());
    }

    #[test]
    fn the_oldest_of_the_same_kind_goes_first() {
        let queue = EventQueue::default();
        let weather = FromWorker::Feeds(FeedsReply::Weather { state: srpss_core::cards::weather::WeatherState::NoData });
        queue.push(Event::Message { generation: 1, envelope: Envelope::new(1, 0, weather) });
        for n in 0..EVENT_CAPACITY as u32 + 5 {
            queue.push(news(1, n));
        }
        let got: Vec<Event> = queue.take().into_iter().collect();
        assert_eq!(got.iter().filter(|e| e.replaceable_kind() == Some(2)).count(), 1, "the one weather state stays");
        assert_eq!(got.len(), EVENT_CAPACITY);
    }
}
