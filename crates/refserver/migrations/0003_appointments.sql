-- Hall appointments. A booking holds one numbered seat of its slot; the seat is given back
-- (seat_no NULL) when the appointment is cancelled or served. UNIQUE (hall_id, starts_at, seat_no)
-- and the trigger below make it impossible to hold more seats than the hall's slot capacity,
-- whatever the code that inserts does.
CREATE TABLE appointments (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,  -- reference code shown at the hall, e.g. QS7K2P
    account_no     TEXT NOT NULL REFERENCES accounts(account_no),
    hall_id        INTEGER NOT NULL REFERENCES halls(id),
    service_code   TEXT NOT NULL REFERENCES services(code),
    starts_at      INTEGER NOT NULL,      -- unix seconds
    ends_at        INTEGER NOT NULL,
    contact_name   TEXT NOT NULL,
    contact_phone  TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'done')),
    seat_no        INTEGER CHECK (seat_no >= 1),
    queue_day      TEXT,                  -- YYYY-MM-DD of the check-in
    queue_no       INTEGER,               -- per hall and day: 1 is ticket A001
    queue_ahead    INTEGER CHECK (queue_ahead >= 0),
    created_at     INTEGER NOT NULL,
    UNIQUE (hall_id, starts_at, seat_no),
    UNIQUE (hall_id, queue_day, queue_no)
);
CREATE INDEX appointments_by_account ON appointments (account_no, starts_at);

CREATE TRIGGER appointments_seat_within_capacity_insert
BEFORE INSERT ON appointments
WHEN NEW.seat_no IS NOT NULL AND NEW.seat_no > (SELECT slot_capacity FROM halls WHERE id = NEW.hall_id)
BEGIN
    SELECT RAISE(ABORT, 'seat beyond the slot capacity');
END;

CREATE TRIGGER appointments_seat_within_capacity_update
BEFORE UPDATE OF seat_no, hall_id ON appointments
WHEN NEW.seat_no IS NOT NULL AND NEW.seat_no > (SELECT slot_capacity FROM halls WHERE id = NEW.hall_id)
BEGIN
    SELECT RAISE(ABORT, 'seat beyond the slot capacity');
END;
