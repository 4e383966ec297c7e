//! Routing with real processes and real HTTP (issue #4): the `portal` and `reference_backend`
//! binaries as children on their own databases; a backend outage, a SIGKILLed portal and two
//! portals on one database each end with every case stored exactly once by the department.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod citizen;
mod crash;
mod outage;
mod support;
mod two_instances;
mod vendor_crash;
