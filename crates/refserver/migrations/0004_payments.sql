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
    closed_at     INTEGER,                   -- when it reached a final state
    action        TEXT                       -- JSON PayAction made at creation, offered while pending
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

-- Idempotency-Key of POST /payments/orders, per customer. A key is recorded 'in_flight' before
-- the work starts and 'done' with the exact answer in the transaction that ends it; a failure
-- (5xx) deletes it, so a retry starts afresh.
CREATE TABLE idempotency_keys (
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,             -- sha256 of the request's canonical JSON
    state         TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    status        INTEGER,                   -- the answer's HTTP status, once done
    body          TEXT,                      -- the answer's body, once done
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, key)
);

-- Provider notifications received and what they did; a repeat of one notify_id only acknowledges.
CREATE TABLE payment_notifications (
    provider     TEXT NOT NULL CHECK (provider IN ('wechat', 'alipay', 'unionpay')),
    notify_id    TEXT NOT NULL,
    order_no     TEXT NOT NULL REFERENCES payment_orders(order_no),
    outcome      TEXT NOT NULL CHECK (outcome IN ('paid', 'failed', 'cancelled')),
    effect       TEXT NOT NULL CHECK (effect IN ('applied', 'already_final', 'refund_due', 'amount_mismatch')),
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (provider, notify_id)
);

-- Money that went astray, recorded in the transaction that finds it, for someone to refund or look
-- into: paid for a closed order, paid twice, bills of a paid arrears order paid another way
-- meanwhile (refunds due), or a provider's report of another amount than the order's.
CREATE TABLE payment_discrepancies (
    order_no      TEXT NOT NULL REFERENCES payment_orders(order_no),
    kind          TEXT NOT NULL CHECK (kind IN ('paid_when_closed', 'paid_twice', 'bills_paid_otherwise', 'amount_mismatch')),
    amount_fen    INTEGER NOT NULL,          -- the refund due; for amount_mismatch, the amount reported
    provider_txn  TEXT NOT NULL,
    noted_at      INTEGER NOT NULL,
    -- However often the same payment is reported (notifications, queries), it is recorded once.
    UNIQUE (order_no, kind, provider_txn)
);

-- The simulated payment providers' own books (demo stand-ins for WeChat Pay, Alipay, UnionPay):
-- the orders placed with them ("unified order") and what the payer decided on their page.
CREATE TABLE paysim_orders (
    prepay_id     TEXT PRIMARY KEY,
    provider      TEXT NOT NULL CHECK (provider IN ('wechat', 'alipay', 'unionpay')),
    order_no      TEXT NOT NULL UNIQUE,      -- the merchant's order number
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    description   TEXT NOT NULL,
    payer_openid  TEXT,                      -- WeChat JSAPI only
    return_url    TEXT,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,          -- the provider refuses to take money after this
    status        TEXT NOT NULL CHECK (status IN ('open', 'paid', 'failed', 'cancelled', 'closed')),
    provider_txn  TEXT,
    decided_at    INTEGER
);

-- The providers' outbox: each decision's signed notification, delivered until acknowledged.
CREATE TABLE paysim_notifications (
    notify_id     TEXT PRIMARY KEY,
    prepay_id     TEXT NOT NULL REFERENCES paysim_orders(prepay_id),
    provider      TEXT NOT NULL,
    body          TEXT NOT NULL,             -- the exact JSON signed and sent
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    delivered_at  INTEGER
);
