SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL AND source = ?
