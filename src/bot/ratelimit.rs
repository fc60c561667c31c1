//! Per-user rate limit: at most N questions in a sliding window. Over it, the user gets exactly
//! one notice, then silence until the window has room again, so a flood cannot make the bot
//! flood the channel in turn.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the limit for the first time in this window: tell the user once.
    Notify,
    /// Over the limit and already told: say nothing.
    Silent,
}

#[derive(Debug, Default)]
struct UserWindow {
    asked: VecDeque<Instant>,
    notified: bool,
}

#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    users: Mutex<HashMap<u64, UserWindow>>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            max: max as usize,
            window,
            users: Mutex::new(HashMap::new()),
        }
    }

    pub fn check(&self, user: u64) -> Verdict {
        self.check_at(user, Instant::now())
    }

    pub fn check_at(&self, user: u64, now: Instant) -> Verdict {
        let Ok(mut users) = self.users.lock() else {
            // A poisoned lock means a panic elsewhere; failing open keeps the bot useful.
            return Verdict::Allowed;
        };
        // Forget idle users now and then so the map cannot grow without bound.
        if users.len() > 10_000 {
            let window = self.window;
            users.retain(|_, w| {
                w.asked
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        let w = users.entry(user).or_default();
        while w
            .asked
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            w.asked.pop_front();
        }
        if w.asked.len() < self.max {
            w.asked.push_back(now);
            w.notified = false;
            Verdict::Allowed
        } else if w.notified {
            Verdict::Silent
        } else {
            w.notified = true;
            Verdict::Notify
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_notice_then_silence_then_room_again() {
        let rl = RateLimiter::new(2, Duration::from_secs(30));
        let t0 = Instant::now();
        assert_eq!(rl.check_at(1, t0), Verdict::Allowed);
        assert_eq!(rl.check_at(1, t0), Verdict::Allowed);
        assert_eq!(rl.check_at(1, t0), Verdict::Notify);
        assert_eq!(rl.check_at(1, t0), Verdict::Silent);
        assert_eq!(
            rl.check_at(2, t0),
            Verdict::Allowed,
            "other users unaffected"
        );
        let later = t0 + Duration::from_secs(31);
        assert_eq!(rl.check_at(1, later), Verdict::Allowed);
    }
}
