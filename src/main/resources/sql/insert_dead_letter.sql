INSERT INTO dead_letter (id, run_id, source, route_id, endpoint, error, http_status, original_payload, failed_at, replay)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
