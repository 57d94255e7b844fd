-- The nodes of every Quartz cluster on this database, with the database's clock in ms (each node writes its own
-- clock's time as last_checkin_time every checkin_interval ms; Quartz deems a node dead 7.5 s after a missed check-in).
SELECT sched_name, instance_name, last_checkin_time, checkin_interval,
       CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) AS db_now_ms
FROM qrtz_scheduler_state
ORDER BY sched_name, instance_name
