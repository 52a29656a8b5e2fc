-- WeChat sign-in (snsapi_base OAuth). A WeChat user is known by an openid; each is linked
-- to at most one customer and each customer to at most one openid.
CREATE TABLE wechat_links (
    openid       TEXT PRIMARY KEY,
    customer_id  INTEGER NOT NULL UNIQUE REFERENCES customers(id),
    linked_at    INTEGER NOT NULL
);

-- One-time codes of the simulated authorize page (WeChat's side of the exchange).
CREATE TABLE wechat_codes (
    code_hash   TEXT PRIMARY KEY,         -- sha256 of the code
    openid      TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);

-- A WeChat user not yet linked: the ticket is presented with their first SMS sign-in.
CREATE TABLE wechat_tickets (
    ticket_hash TEXT PRIMARY KEY,         -- sha256 of the ticket; the ticket itself is never stored
    openid      TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);
