-- Online payment orders. Money is integer fen. An order moves from 'pending' to exactly one
-- final state; the account is credited (bills marked paid, or the prepaid balance raised)
-- in the same transaction that moves it to 'paid', and only then.
CREATE TABLE payment_orders (
    order_no      TEXT PRIMARY KEY,          -- P + yyyymmddHHMMSS + 6 random, upper case
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    account_no    TEXT NOT NULL REFERENCES accounts(account_no),
    purpose       TEXT NOT NULL CHECK (purpose IN ('arrears', 'top_up')),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    channel       TEXT NOT NULL CHECK (channel IN ('wechat_jsapi', 'wechat_h5', 'wechat_native', 'alipay', 'unionpay')),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'cancelled', 'expired')),
    return_url    TEXT,                      -- allowlisted; NULL for QR and JSAPI
    prepay_id     TEXT NOT NULL UNIQUE,      -- the provider's id of the order (simulated)
    provider_txn  TEXT,                      -- the provider's transaction number once paid
    created_at    INTEGER NOT NULL,          -- unix seconds
    expires_at    INTEGER NOT NULL,
    paid_at       INTEGER,
    closed_at     INTEGER                    -- when it reached a final state
);
CREATE INDEX payment_orders_by_account ON payment_orders (account_no, created_at);
-- At most one open order per account: "continue paying" always means one order.
CREATE UNIQUE INDEX payment_orders_one_pending ON payment_orders (account_no) WHERE status = 'pending';

-- The bills an arrears order settles, fixed when the order is created.
CREATE TABLE payment_order_bills (
    order_no  TEXT NOT NULL REFERENCES payment_orders(order_no),
    bill_id   INTEGER NOT NULL REFERENCES bills(id),
    PRIMARY KEY (order_no, bill_id)
);
