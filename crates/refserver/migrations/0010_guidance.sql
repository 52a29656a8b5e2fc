-- "Can I do this online?" (guidance): the needs customers come to a hall with, each with exactly
-- one answer, which the utility edits here. `way` says which:
--   online     `page` is the portal page that does it (a path below the `#`: /pay, /bills, /accounts);
--   other_way  `channel` (hotline or app) and `contact` (the number, or the app's name);
--   visit      `service_code` is the hall service to book (what to bring and how long come from it).
-- `how` / `how_en` say in a sentence what to do there, what to say or where to tap, or what follows
-- the visit. `service_code` has no foreign key: on a fresh database the services are seeded after
-- the migrations run; the server leaves out a visit need whose service it does not find, and logs it.
CREATE TABLE guidance_needs (
    code          TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^a-z0-9_]*'),
    position      INTEGER NOT NULL,          -- the order the needs are listed in
    name          TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    way           TEXT NOT NULL CHECK (way IN ('online', 'other_way', 'visit')),
    page          TEXT CHECK (page IS NULL OR (page GLOB '/*' AND page NOT GLOB '*[^a-z0-9/-]*' AND length(page) <= 64)),
    channel       TEXT CHECK (channel IS NULL OR channel IN ('hotline', 'app')),
    contact       TEXT,
    service_code  TEXT,
    how           TEXT NOT NULL,
    how_en        TEXT NOT NULL,
    CHECK ((way = 'online') = (page IS NOT NULL)),
    CHECK ((way = 'other_way') = (channel IS NOT NULL AND contact IS NOT NULL)),
    CHECK ((way = 'visit') = (service_code IS NOT NULL))
);

INSERT INTO guidance_needs (code, position, name, name_en, way, page, channel, contact, service_code, how, how_en) VALUES
('check_bill', 1, '查电费、看账单', 'Check my bill', 'online', '/bills', NULL, NULL, NULL,
 '在“账单”页查看每月电费和明细，不用到营业厅。', 'The Bills page shows each month''s bill with its lines: no trip needed.'),
('pay_bill', 2, '交电费', 'Pay my bill', 'online', '/pay', NULL, NULL, NULL,
 '在“交电费”页用微信、支付宝或银行卡支付，马上到账。', 'Pay on the Pay page with WeChat Pay, Alipay or a bank card; it is credited at once.'),
('invoice', 3, '开电费发票', 'Get an invoice', 'online', '/bills', NULL, NULL, NULL,
 '在“账单”页打开已缴的账单，下载电子发票（PDF），与纸质发票同等有效。', 'Open a paid bill on the Bills page and download its e-invoice (PDF); it is as valid as a paper one.'),
('manage_accounts', 4, '添加或管理户号', 'Add or manage an account', 'online', '/accounts', NULL, NULL, NULL,
 '在“户号管理”页输入户号和户主姓名，用短信验证码绑定，家人的户号也可以。', 'On the Accounts page, enter the account number and holder''s name and confirm with an SMS code; a relative''s account too.'),
('change_phone', 5, '改联系电话', 'Change the phone number', 'other_way', NULL, 'app', '网上国网', NULL,
 '在“网上国网”App 中点“我的”→“户号管理”→“变更联系方式”，用户主身份证核验后即可修改。', 'In the 网上国网 app tap Me → Accounts → Change contact details, and confirm with the holder''s ID card.'),
('name_transfer', 6, '过户（改户主）', 'Transfer the account to a new owner (过户)', 'visit', NULL, NULL, NULL, 'name_transfer',
 '新旧户主需本人到场；资料齐全当场受理，新户主从下一期账单起生效。', 'The old and new holders come in person; with everything brought it is done at the counter, from the next bill on.'),
('new_connection', 7, '新装用电', 'A new connection', 'visit', NULL, NULL, NULL, 'new_connection',
 '到厅提交申请后，工作人员约 3 个工作日内上门勘查、装表接电。', 'After you apply at the hall, staff come to survey and fit the meter within about 3 working days.'),
('capacity_change', 8, '增加用电容量', 'More capacity', 'visit', NULL, NULL, NULL, 'capacity_change',
 '到厅提交申请后，工作人员上门核实用电设备，再安排改造。', 'After you apply at the hall, staff come to check your equipment, then arrange the work.'),
('meter_doubt', 9, '怀疑电表不准', 'I doubt my meter', 'visit', NULL, NULL, NULL, 'meter_check',
 '可以先在“用电”页对比每天的用电；仍有疑问，预约电能表校验，表计误差超标的退还多收电费。', 'First compare your daily use on the Usage page; if still in doubt, book a meter check: if the meter is out, what was overcharged is refunded.'),
('complaint', 10, '投诉或建议', 'A complaint or a suggestion', 'other_way', NULL, 'hotline', '95598', NULL,
 '拨打 95598，说“我要投诉”或“我要提建议”，并报上户号；工作人员会在 1 个工作日内回复。', 'Call 95598, say you want to make a complaint or a suggestion, and give your account number; you get an answer within 1 working day.'),
('other', 11, '其他事情', 'Something else', 'other_way', NULL, 'hotline', '95598', NULL,
 '拨打 95598，说明想办的事和户号，客服会告诉您能否在网上办、要不要到厅、要带什么。', 'Call 95598, say what you need and your account number: you are told whether it can be done online, needs a visit, and what to bring.');

-- How each need ended, as the portal told it: counted once per journey (one visit of the portal, an
-- id the portal makes) and need. A booking is not told: it is counted from the appointments below.
CREATE TABLE guidance_outcomes (
    journey    TEXT NOT NULL,
    need_code  TEXT NOT NULL REFERENCES guidance_needs(code),
    outcome    TEXT NOT NULL CHECK (outcome IN ('online', 'other_way')),
    at         INTEGER NOT NULL,       -- unix seconds
    PRIMARY KEY (journey, need_code)
);

-- The need whose answer a booking came from, when it did.
ALTER TABLE appointments ADD COLUMN need_code TEXT REFERENCES guidance_needs(code);
