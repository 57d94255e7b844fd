-- PostgreSQL: whether Quartz's cluster tables exist (db/cluster migration, applied by a clustered node); 1 or 0.
SELECT CASE WHEN to_regclass('qrtz_scheduler_state') IS NULL THEN 0 ELSE 1 END
