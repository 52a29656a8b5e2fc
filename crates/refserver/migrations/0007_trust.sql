-- Binding an account needs proof from its registered phone: an SMS code of its own purpose,
-- asked for by a signed-in customer. Sign-in codes and binding codes never stand in for each other.
ALTER TABLE sms_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'sign_in' CHECK (purpose IN ('sign_in', 'binding'));
ALTER TABLE sms_codes ADD COLUMN customer_id INTEGER REFERENCES customers(id);  -- who asked, for binding codes
CREATE INDEX sms_codes_by_customer ON sms_codes (customer_id, sent_at);

-- Wrong guesses at anything guessable (a holder's name, an SMS code, a WeChat code or ticket), per
-- scope and who guessed (a customer, a client address, a phone); counted over the last hour, so a
-- guesser meets 429 long before a guess is likely to be right.
CREATE TABLE failed_guesses (
    scope  TEXT NOT NULL,          -- 'bind', 'sign_in', 'wechat'
    key    TEXT NOT NULL,          -- 'customer:12', 'ip:10.0.0.7', 'phone:13800000001'
    at     INTEGER NOT NULL        -- unix seconds
);
CREATE INDEX failed_guesses_by_key ON failed_guesses (scope, key, at);

-- Idempotency-Key now covers every change where money or a seat is at stake (payment orders,
-- booking, rescheduling, cancelling, rating, the verdict on a follow-up, binding); the request hash
-- includes the operation, so one key cannot stand for two different operations.
