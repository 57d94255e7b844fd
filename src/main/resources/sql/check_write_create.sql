-- --check: proves the store accepts writes; runs inside a transaction that is always rolled back.
CREATE TABLE setup_check_probe (id INTEGER NOT NULL)
