UPDATE dead_letter SET replayed_at = ? WHERE id = ?
