-- Customers and the accounts (户号) bound to them.
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL UNIQUE
);

CREATE TABLE accounts (
    account_no   TEXT PRIMARY KEY,
    holder_name  TEXT NOT NULL,
    phone        TEXT NOT NULL,          -- the phone registered with the utility for this account
    address      TEXT NOT NULL,
    area         TEXT NOT NULL,          -- district, e.g. 宿城区
    kind         TEXT NOT NULL CHECK (kind IN ('postpaid', 'prepaid')),
    time_of_use  INTEGER NOT NULL CHECK (time_of_use IN (0, 1)),
    balance_fen  INTEGER NOT NULL DEFAULT 0,   -- prepaid balance; 0 for postpaid
    opened_on    TEXT NOT NULL
);

CREATE TABLE bindings (
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    account_no   TEXT NOT NULL REFERENCES accounts(account_no),
    bound_at     INTEGER NOT NULL,
    PRIMARY KEY (customer_id, account_no)
);

-- Usage: whole kWh per month, watt-hours per day (smart meter, 0.01 kWh resolution).
CREATE TABLE monthly_usage (
    account_no  TEXT NOT NULL REFERENCES accounts(account_no),
    month       TEXT NOT NULL,            -- YYYY-MM
    peak_kwh    INTEGER NOT NULL CHECK (peak_kwh >= 0),
    valley_kwh  INTEGER NOT NULL CHECK (valley_kwh >= 0),
    PRIMARY KEY (account_no, month)
);

CREATE TABLE daily_usage (
    account_no  TEXT NOT NULL REFERENCES accounts(account_no),
    day         TEXT NOT NULL,            -- YYYY-MM-DD
    peak_wh     INTEGER NOT NULL CHECK (peak_wh >= 0),
    valley_wh   INTEGER NOT NULL CHECK (valley_wh >= 0),
    PRIMARY KEY (account_no, day)
);

CREATE TABLE bills (
    id          INTEGER PRIMARY KEY,
    account_no  TEXT NOT NULL REFERENCES accounts(account_no),
    month       TEXT NOT NULL,
    kwh         INTEGER NOT NULL,
    total_fen   INTEGER NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    paid_at     INTEGER,                  -- unix seconds; NULL while unpaid
    UNIQUE (account_no, month)
);

CREATE TABLE bill_lines (
    bill_id     INTEGER NOT NULL REFERENCES bills(id),
    seq         INTEGER NOT NULL,
    tier        TEXT NOT NULL,
    period      TEXT NOT NULL,
    kwh         INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,         -- 0.0001 元 per kWh
    amount_fen  INTEGER NOT NULL,
    PRIMARY KEY (bill_id, seq)
);

-- Service halls (营业厅), their services and appointment capacity.
CREATE TABLE halls (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    city          TEXT NOT NULL,
    area          TEXT NOT NULL,
    address       TEXT NOT NULL,
    phone         TEXT NOT NULL,
    latitude      REAL NOT NULL,
    longitude     REAL NOT NULL,
    weekly_hours  TEXT NOT NULL,          -- JSON: 7 entries Monday..Sunday, each null or ["08:30","17:00"]
    slot_capacity INTEGER NOT NULL CHECK (slot_capacity > 0),
    queue_length  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE hall_closures (
    hall_id  INTEGER NOT NULL REFERENCES halls(id),
    day      TEXT NOT NULL,
    reason   TEXT NOT NULL,
    PRIMARY KEY (hall_id, day)
);

CREATE TABLE services (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    minutes    INTEGER NOT NULL,
    checklist  TEXT NOT NULL              -- JSON array of {zh, en}
);

CREATE TABLE hall_services (
    hall_id       INTEGER NOT NULL REFERENCES halls(id),
    service_code  TEXT NOT NULL REFERENCES services(code),
    PRIMARY KEY (hall_id, service_code)
);

CREATE TABLE outage_notices (
    id         INTEGER PRIMARY KEY,
    area       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('planned', 'unplanned')),
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    streets    TEXT NOT NULL,             -- JSON array of street names
    reason     TEXT NOT NULL
);

-- Sign-in: one-time SMS codes, sends for rate limiting, and server-side sessions.
CREATE TABLE sms_codes (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    account_no  TEXT NOT NULL,
    code        TEXT NOT NULL,
    sent_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used        INTEGER NOT NULL DEFAULT 0,
    client_ip   TEXT NOT NULL
);
CREATE INDEX sms_codes_by_phone ON sms_codes (phone, sent_at);
CREATE INDEX sms_codes_by_ip ON sms_codes (client_ip, sent_at);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,        -- sha256 of the token; the token itself is never stored
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
