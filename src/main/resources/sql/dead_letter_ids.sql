SELECT id FROM dead_letter
