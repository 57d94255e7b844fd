-- A replay failed again: the same dead letter stays pending and takes the new failure (one outage, one dead letter).
UPDATE dead_letter SET run_id = ?, source = ?, route_id = ?, endpoint = ?, error = ?, http_status = ?,
    original_payload = ?, failed_at = ?, replay = ?
WHERE id = ?
