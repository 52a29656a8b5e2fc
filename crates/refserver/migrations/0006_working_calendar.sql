-- The official working calendar: the days that differ from "Monday to Friday work".
-- A statutory holiday on a weekday is a day off (working = 0); an adjusted weekend
-- (调休) is a working day (working = 1). The State Council publishes each year's
-- arrangement in November or December; add the next year in a new migration then.
-- Days after the last year here count Monday to Friday.
CREATE TABLE working_calendar (
    day     TEXT PRIMARY KEY,          -- YYYY-MM-DD, China time
    working INTEGER NOT NULL CHECK (working IN (0, 1)),
    note    TEXT NOT NULL
);

CREATE TABLE working_calendar_years (
    year INTEGER PRIMARY KEY           -- a year whose arrangement is loaded in full
);

-- 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
INSERT INTO working_calendar_years (year) VALUES (2026);
INSERT INTO working_calendar (day, working, note) VALUES
    ('2026-01-01', 0, '元旦'), ('2026-01-02', 0, '元旦'), ('2026-01-03', 0, '元旦'),
    ('2026-01-04', 1, '元旦调休上班'),
    ('2026-02-14', 1, '春节调休上班'),
    ('2026-02-15', 0, '春节'), ('2026-02-16', 0, '春节'), ('2026-02-17', 0, '春节'),
    ('2026-02-18', 0, '春节'), ('2026-02-19', 0, '春节'), ('2026-02-20', 0, '春节'),
    ('2026-02-21', 0, '春节'), ('2026-02-22', 0, '春节'), ('2026-02-23', 0, '春节'),
    ('2026-02-28', 1, '春节调休上班'),
    ('2026-04-04', 0, '清明节'), ('2026-04-05', 0, '清明节'), ('2026-04-06', 0, '清明节'),
    ('2026-05-01', 0, '劳动节'), ('2026-05-02', 0, '劳动节'), ('2026-05-03', 0, '劳动节'),
    ('2026-05-04', 0, '劳动节'), ('2026-05-05', 0, '劳动节'),
    ('2026-05-09', 1, '劳动节调休上班'),
    ('2026-06-19', 0, '端午节'), ('2026-06-20', 0, '端午节'), ('2026-06-21', 0, '端午节'),
    ('2026-09-20', 1, '国庆节调休上班'),
    ('2026-09-25', 0, '中秋节'), ('2026-09-26', 0, '中秋节'), ('2026-09-27', 0, '中秋节'),
    ('2026-10-01', 0, '国庆节'), ('2026-10-02', 0, '国庆节'), ('2026-10-03', 0, '国庆节'),
    ('2026-10-04', 0, '国庆节'), ('2026-10-05', 0, '国庆节'), ('2026-10-06', 0, '国庆节'),
    ('2026-10-07', 0, '国庆节'),
    ('2026-10-10', 1, '国庆节调休上班'),
    -- 2027 before its arrangement is published: only what the law fixes (元旦 is 1 January).
    ('2027-01-01', 0, '元旦');
