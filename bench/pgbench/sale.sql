-- The statements and round trips of one cash sale as Till sends them to PostgreSQL: one pipeline
-- with BEGIN and the five locking reads, one statement for the writes, then COMMIT.
\set device (:client_id % 50) + 1
\set now random(1, 1000000000)
\startpipeline
BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;
SELECT id, location_id, name, cash_drawer_id FROM devices WHERE shop_id = 1 AND id = :device FOR UPDATE;
SELECT id, first_name, last_name, email, active, is_owner FROM staff WHERE shop_id = 1 AND id = 1;
SELECT id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment FROM payment_sessions WHERE shop_id = 1 AND device_id = :device AND status = 'OPEN' FOR UPDATE;
SELECT id, name, currency, created_at FROM locations WHERE shop_id = 1 AND id = (SELECT location_id FROM devices WHERE shop_id = 1 AND id = :device);
SELECT id, location_id, name, currency, balance, activity_count, created_at FROM cash_drawers WHERE shop_id = 1 AND id = (SELECT drawer_id FROM payment_sessions WHERE shop_id = 1 AND device_id = :device AND status = 'OPEN') FOR UPDATE;
\endpipeline
WITH s AS (SELECT id, drawer_id FROM payment_sessions WHERE shop_id = 1 AND device_id = :device AND status = 'OPEN'), recorded AS (INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) SELECT 1, :device, 1, s.id, 'SALE', 'cash', 12340, 'USD', 1, :now, :now FROM s RETURNING id), moved AS (UPDATE cash_drawers SET balance = balance + 12340, activity_count = activity_count + 1 WHERE shop_id = 1 AND id = (SELECT drawer_id FROM s)), booked AS (INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, transaction_id) SELECT 1, s.drawer_id, s.id, 'Transaction', 'SALE', 12340, 'USD', :now, 1, (SELECT id FROM recorded) FROM s RETURNING id) SELECT recorded.id, booked.id FROM recorded, booked;
COMMIT;
