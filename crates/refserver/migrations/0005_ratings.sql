-- Service ratings (好差评). A transaction is a paid payment order (its order number) or a served
-- appointment (its id); UNIQUE (kind, transaction_id) makes a second rating of one transaction
-- impossible whatever the code that inserts does.

-- Who served a visit, and when: set by the hall when it calls the customer.
ALTER TABLE appointments ADD COLUMN served_window TEXT;   -- e.g. 3号窗口; NULL when not recorded
ALTER TABLE appointments ADD COLUMN served_at INTEGER;    -- unix seconds

-- The reasons a customer can tick for a poor rating, per kind of transaction, in display order.
CREATE TABLE rating_reason_catalogue (
    kind      TEXT NOT NULL CHECK (kind IN ('payment', 'visit')),
    code      TEXT NOT NULL,
    label_zh  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
);

INSERT INTO rating_reason_catalogue (kind, code, label_zh, label_en, position) VALUES
    ('visit', 'long_wait', '等候时间长', 'Long wait', 1),
    ('visit', 'rude_staff', '态度不好', 'Unfriendly staff', 2),
    ('visit', 'unskilled', '业务不熟练', 'Staff unsure of the procedure', 3),
    ('visit', 'unclear_requirements', '材料要求不清楚', 'Unclear what to bring', 4),
    ('visit', 'poor_environment', '环境差', 'Poor surroundings', 5),
    ('visit', 'other', '其他', 'Other', 99),
    ('payment', 'payment_failed', '支付失败', 'Payment failed', 1),
    ('payment', 'slow_credit', '到账慢', 'Slow to credit the account', 2),
    ('payment', 'wrong_amount', '金额不对', 'Wrong amount', 3),
    ('payment', 'hard_to_use', '操作复杂', 'Hard to use', 4),
    ('payment', 'other', '其他', 'Other', 99);

CREATE TABLE ratings (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('payment', 'visit')),
    transaction_id  TEXT NOT NULL,            -- order number, or appointment id in decimal
    account_no      TEXT NOT NULL REFERENCES accounts(account_no),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),  -- who rated
    hall_id         INTEGER REFERENCES halls(id),               -- visits: the hall, for its satisfaction rate
    level           TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basically_satisfied',
                                                   'dissatisfied', 'very_dissatisfied')),
    reason_text     TEXT NOT NULL DEFAULT '',
    comment         TEXT NOT NULL DEFAULT '', -- plain text as typed (trimmed), never markup
    staff_no        TEXT,
    created_at      INTEGER NOT NULL,         -- unix seconds
    UNIQUE (kind, transaction_id),
    CHECK ((kind = 'visit') = (hall_id IS NOT NULL))
);
CREATE INDEX ratings_by_account ON ratings (account_no, created_at);
CREATE INDEX ratings_by_hall ON ratings (hall_id, created_at) WHERE hall_id IS NOT NULL;

CREATE TABLE rating_dimensions (
    rating_id  INTEGER NOT NULL REFERENCES ratings(id),
    dimension  TEXT NOT NULL,
    level      TEXT NOT NULL,
    PRIMARY KEY (rating_id, dimension)
);

CREATE TABLE rating_reasons (
    rating_id  INTEGER NOT NULL REFERENCES ratings(id),
    kind       TEXT NOT NULL,
    code       TEXT NOT NULL,
    PRIMARY KEY (rating_id, code),
    FOREIGN KEY (kind, code) REFERENCES rating_reason_catalogue(kind, code)
);

-- The follow-up (整改) a poor rating opens, and its thread.
CREATE TABLE follow_ups (
    rating_id   INTEGER PRIMARY KEY REFERENCES ratings(id),
    status      TEXT NOT NULL CHECK (status IN ('open', 'replied', 'resolved', 'unresolved', 'closed')),
    due_on      TEXT NOT NULL,                -- YYYY-MM-DD, 15 working days after the rating
    updated_at  INTEGER NOT NULL
);

CREATE TABLE follow_up_replies (
    id         INTEGER PRIMARY KEY,
    rating_id  INTEGER NOT NULL REFERENCES follow_ups(rating_id),
    author     TEXT NOT NULL CHECK (author IN ('utility', 'customer')),
    text       TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX follow_up_replies_by_rating ON follow_up_replies (rating_id, id);
