//! End-to-end tests of the rollup: helpers to start the system's parts and drive them.
