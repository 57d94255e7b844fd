-- Newest day the test-only source stored (TestOnlySourceTest).
SELECT MAX(day) AS newest FROM test_quote_daily
