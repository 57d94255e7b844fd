UPDATE dead_letter SET error = ?, failed_at = ? WHERE id = ?
