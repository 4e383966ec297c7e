//! The portal's allocator: mimalloc, which returns freed memory to the system instead of keeping
//! a heap grown by its largest moment (glibc's allocator left the portal's resident memory at the
//! high-water mark of every burst it served).
//!
//! mimalloc 3 waits a second before it returns pages that became free, and only returns them when
//! the thread that owns them next calls into it. A portal serving 1,000 sessions frees megabytes
//! of rendered pages every second, so that delay alone held some 20 MB at rest and 30 MB at the
//! peak of `.ci/bench-sessions`; giving pages back at once cost no measurable throughput there.
pub use mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the Rust bindings name no constant
/// for it): milliseconds before freed pages go back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Applies the portal's allocator settings; call first thing in `main`, before any other thread.
pub fn configure() {
    // SAFETY: mi_option_set stores an integer setting; no memory is touched, and it runs before
    // the runtime starts any other thread.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(test)]
mod tests {
    #[global_allocator]
    static ALLOCATOR: super::MiMalloc = super::MiMalloc;

    /// Resident memory of this process, in bytes.
    fn resident() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
        let pages: usize = statm
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        pages * 4096
    }

    #[test]
    fn freed_memory_goes_back_to_the_system_at_once() {
        super::configure();
        const MB: usize = 1 << 20;
        let before = resident();
        // 64 MB as many small blocks, as rendered pages and rows are.
        let blocks: Vec<Box<[u8; 1024]>> =
            (0..64 * 1024).map(|i| Box::new([i as u8; 1024])).collect();
        let full = resident();
        assert!(full > before + 48 * MB, "allocated: {before} -> {full}");
        drop(blocks);
        let after = resident();
        assert!(
            after < before + 16 * MB,
            "freed 64 MB but still resident: {} MB (was {} MB before, {} MB full)",
            after / MB,
            before / MB,
            full / MB
        );
    }
}
