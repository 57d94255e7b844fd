-- The newest migration recorded by Flyway and whether it succeeded: start-up skips Flyway when it is the newest the
-- code ships (Database.LATEST_MIGRATION). Fails on a store Flyway never touched (no history table): then Flyway runs.
SELECT version, success
FROM flyway_schema_history
ORDER BY installed_rank DESC
LIMIT 1
