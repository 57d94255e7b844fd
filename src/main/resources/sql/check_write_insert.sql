-- --check: a row into the probe table, rolled back with it.
INSERT INTO setup_check_probe (id) VALUES (?)
