//! The goal runtime: evaluates checked goals over ticket data.
