-- Paying for someone else's account (代缴): the order's payer (customer_id) need not be bound to
-- the account. The holder's masked name as the payer confirmed it is kept with the order, for the
-- receipt and the payer's history; NULL for an account bound to the payer when the order was made.
ALTER TABLE payment_orders ADD COLUMN payee_name_masked TEXT;
CREATE INDEX payment_orders_by_payer ON payment_orders (customer_id, created_at);
