//! The storage suite on PostgreSQL. Needs `VANTHU_TEST_PG` (a database URL); `scripts/test-server.sh`
//! starts a throwaway cluster and sets it. Not part of the plain `cargo test` run (the target
//! has `test = false`); without the variable it fails rather than passing silently.

mod storage_suite;

use std::sync::Arc;
use vanthu_server::storage::postgres::Postgres;

async fn make() -> storage_suite::Db {
    let url = std::env::var("VANTHU_TEST_PG")
        .expect("VANTHU_TEST_PG must name a PostgreSQL database (run scripts/test-server.sh)");
    Arc::new(
        Postgres::connect(&url)
            .await
            .expect("connect to PostgreSQL"),
    )
}

storage_suite!(make());
