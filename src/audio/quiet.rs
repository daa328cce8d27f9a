//! Keeps the sound system's chatter out of the terminal.
//!
//! ALSA and its plugins write diagnostics straight to file descriptor 2 while a device is
//! opened or closed ("ALSA lib pcm.c: … Unknown PCM", "Connection refused"), which would print
//! over the full-screen UI. While a [`QuietStderr`] lives, descriptor 2 points at /dev/null.

#[cfg(unix)]
mod imp {
    use std::ffi::c_int;
    use std::fs::OpenOptions;
    use std::os::fd::AsRawFd;
    use std::sync::Mutex;

    unsafe extern "C" {
        fn dup(fd: c_int) -> c_int;
        fn dup2(from: c_int, to: c_int) -> c_int;
        fn close(fd: c_int) -> c_int;
    }

    /// One redirection at a time: nested or concurrent ones would restore the wrong target.
    static LOCK: Mutex<()> = Mutex::new(());

    pub struct QuietStderr {
        saved: Option<c_int>,
        _guard: Option<std::sync::MutexGuard<'static, ()>>,
    }

    impl QuietStderr {
        pub fn new() -> QuietStderr {
            let guard = LOCK.lock().ok();
            let Ok(null) = OpenOptions::new().write(true).open("/dev/null") else {
                return QuietStderr {
                    saved: None,
                    _guard: guard,
                };
            };
            // SAFETY: plain descriptor calls on descriptor 2 and ones this function owns;
            // `null` stays open until dup2 has made its copy.
            let saved = unsafe {
                let saved = dup(2);
                if saved >= 0 && dup2(null.as_raw_fd(), 2) >= 0 {
                    Some(saved)
                } else {
                    if saved >= 0 {
                        close(saved);
                    }
                    None
                }
            };
            QuietStderr {
                saved,
                _guard: guard,
            }
        }
    }

    impl Default for QuietStderr {
        fn default() -> Self {
            QuietStderr::new()
        }
    }

    impl Drop for QuietStderr {
        fn drop(&mut self) {
            if let Some(saved) = self.saved.take() {
                // SAFETY: `saved` is the descriptor dup'ed in `new`, restored once and closed.
                unsafe {
                    dup2(saved, 2);
                    close(saved);
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub struct QuietStderr;

    impl QuietStderr {
        pub fn new() -> QuietStderr {
            QuietStderr
        }
    }
}

pub use imp::QuietStderr;
