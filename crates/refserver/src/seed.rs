//! Deterministic, realistic demo data, dated relative to the clock's "today":
//! customers and accounts in 宿迁, 24 months of monthly and 90 days of daily use
//! following the demo tariff's peak/valley hours, bills priced by the one tariff
//! module, four service halls with past visits and their ratings, and outage notices.

use contract::tariff::{bill_total, MonthUse, Tariff};
use contract::{Date, Timestamp, YearMonth};
use rusqlite::{params, Connection};
use serde_json::json;

/// SplitMix64: a tiny deterministic generator, so every fresh database is identical for the same day.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[low, high)` per mille.
    fn per_mille(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next_u64() % (high - low) as u64) as i64
    }
}

pub struct DemoAccount {
    pub account_no: &'static str,
    pub holder_name: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub area: &'static str,
    pub prepaid: bool,
    pub time_of_use: bool,
    /// Average daily use in a mild month, in Wh; 0 for a new account without history.
    pub base_daily_wh: i64,
    /// Bills left unpaid, counted back from the latest.
    pub unpaid_bills: usize,
    pub balance_fen: i64,
}

pub struct DemoCustomer {
    pub name: &'static str,
    pub phone: &'static str,
    pub accounts: &'static [&'static str],
}

/// Who signs in in the demo. 张伟明 holds his home and his parents' flat; 李秀英 is prepaid.
pub const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer { name: "张伟明", phone: "13800000001", accounts: &["3210000001", "3210000002"] },
    DemoCustomer { name: "李秀英", phone: "13800000002", accounts: &["3210000003"] },
    DemoCustomer { name: "王建国", phone: "13800000003", accounts: &["3210000004"] },
];

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        account_no: "3210000001",
        holder_name: "张伟明",
        phone: "13800000001",
        address: "宿迁市宿城区幸福中路88号3栋1单元502室",
        area: "宿城区",
        prepaid: false,
        time_of_use: true,
        base_daily_wh: 9_000,
        unpaid_bills: 1,
        balance_fen: 0,
    },
    DemoAccount {
        account_no: "3210000002",
        holder_name: "张德顺",
        phone: "13800000001",
        address: "宿迁市沭阳县人民中路16号2单元301室",
        area: "沭阳县",
        prepaid: false,
        time_of_use: true,
        base_daily_wh: 5_200,
        unpaid_bills: 0,
        balance_fen: 0,
    },
    DemoAccount {
        account_no: "3210000003",
        holder_name: "李秀英",
        phone: "13800000002",
        address: "宿迁市宿豫区江山大道209号6栋201室",
        area: "宿豫区",
        prepaid: true,
        time_of_use: true,
        base_daily_wh: 6_500,
        unpaid_bills: 0,
        balance_fen: 8_640,
    },
    DemoAccount {
        account_no: "3210000004",
        holder_name: "王建国",
        phone: "13800000003",
        address: "宿迁市宿城区西湖路31号",
        area: "宿城区",
        prepaid: false,
        time_of_use: false,
        base_daily_wh: 16_000,
        unpaid_bills: 2,
        balance_fen: 0,
    },
    // Not bound to anyone yet: signing in with it creates a customer (first use).
    DemoAccount {
        account_no: "3210000005",
        holder_name: "陈静",
        phone: "13800000004",
        address: "宿迁市宿城区项王路7号12栋803室",
        area: "宿城区",
        prepaid: false,
        time_of_use: true,
        base_daily_wh: 0,
        unpaid_bills: 0,
        balance_fen: 0,
    },
    // Not bound: a customer can bind it with the holder's name.
    DemoAccount {
        account_no: "3210000006",
        holder_name: "赵丽华",
        phone: "13800000005",
        address: "宿迁市沭阳县迎宾大道55号",
        area: "沭阳县",
        prepaid: false,
        time_of_use: true,
        base_daily_wh: 7_400,
        unpaid_bills: 0,
        balance_fen: 0,
    },
];

/// Relative use per calendar month: air conditioning in summer, heating in winter.
const SEASON_PER_MILLE: [i64; 12] = [1350, 1250, 1000, 850, 900, 1150, 1600, 1700, 1150, 850, 950, 1250];

/// Months of monthly history and days of daily history.
pub const HISTORY_MONTHS: i32 = 24;
pub const DAILY_DAYS: i64 = 90;

/// Seeds an empty database; does nothing when accounts exist already.
pub fn seed_if_empty(conn: &mut Connection, today: Date) -> rusqlite::Result<bool> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    seed_people(&tx, today)?;
    for (index, account) in ACCOUNTS.iter().enumerate() {
        seed_usage_and_bills(&tx, account, today, index as u64)?;
    }
    seed_halls(&tx, today)?;
    seed_visits(&tx, today)?;
    seed_notices(&tx, today)?;
    tx.execute("INSERT INTO meta (key, value) VALUES ('seeded_on', ?1)", [today.to_string()])?;
    tx.commit()?;
    Ok(true)
}

/// The seeded account the utility has closed.
pub const CLOSED_ACCOUNT: &str = "3210000099";

fn seed_people(conn: &Connection, today: Date) -> rusqlite::Result<()> {
    for account in ACCOUNTS {
        let opened = if account.base_daily_wh == 0 { today.add_days(-5) } else { today.add_days(-3650) };
        conn.execute(
            "INSERT INTO accounts (account_no, holder_name, phone, address, area, kind, time_of_use, balance_fen, opened_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                account.account_no,
                account.holder_name,
                account.phone,
                account.address,
                account.area,
                if account.prepaid { "prepaid" } else { "postpaid" },
                account.time_of_use,
                account.balance_fen,
                opened.to_string()
            ],
        )?;
    }
    // An account the utility has closed: paying for it answers as for an unknown one.
    conn.execute(
        "INSERT INTO accounts (account_no, holder_name, phone, address, area, kind, time_of_use, balance_fen, opened_on,
         closed_on) VALUES (?1, '钱立新', '13800000099', '宿迁市宿城区旧城改造片区 1 号', '宿城区', 'postpaid', 0, 0, ?2, ?3)",
        params![CLOSED_ACCOUNT, today.add_days(-5000).to_string(), today.add_days(-30).to_string()],
    )?;
    let bound_at = today.add_days(-400).start().unix_seconds();
    for customer in CUSTOMERS {
        conn.execute("INSERT INTO customers (name, phone) VALUES (?1, ?2)", params![customer.name, customer.phone])?;
        let id = conn.last_insert_rowid();
        for (order, account_no) in customer.accounts.iter().enumerate() {
            conn.execute(
                "INSERT INTO bindings (customer_id, account_no, bound_at) VALUES (?1, ?2, ?3)",
                params![id, account_no, bound_at + order as i64],
            )?;
        }
    }
    Ok(())
}

/// One day's metered use in Wh, split at the tariff's peak hours.
fn day_use(rng: &mut Rng, account: &DemoAccount, day: Date) -> (i64, i64) {
    let season = SEASON_PER_MILLE[usize::from(day.month() - 1)];
    let weekend = if day.weekday() >= 5 { 1100 } else { 1000 };
    let noise = rng.per_mille(750, 1250);
    let total = account.base_daily_wh * season / 1000 * weekend / 1000 * noise / 1000;
    let total = total / 10 * 10; // the meter's 0.01 kWh resolution
                                 // Most use falls in the 13 peak hours; evenings past 21:00 and night are valley.
    let peak = total * rng.per_mille(560, 690) / 1000 / 10 * 10;
    (peak, total - peak)
}

fn seed_usage_and_bills(conn: &Connection, account: &DemoAccount, today: Date, salt: u64) -> rusqlite::Result<()> {
    if account.base_daily_wh == 0 {
        return Ok(());
    }
    let mut rng = Rng(0x5EED_0000 + salt);
    let this_month = today.year_month();
    let first_month = this_month.add_months(-HISTORY_MONTHS);
    let tariff = Tariff::demo();
    let mut day = first_month.first_day();
    let mut month_wh = (0i64, 0i64);
    let mut months: Vec<(YearMonth, MonthUse)> = Vec::new();
    while day < today {
        let (peak, valley) = day_use(&mut rng, account, day);
        if day.days_until(today) <= DAILY_DAYS {
            conn.execute(
                "INSERT INTO daily_usage (account_no, day, peak_wh, valley_wh) VALUES (?1, ?2, ?3, ?4)",
                params![account.account_no, day.to_string(), peak, valley],
            )?;
        }
        month_wh = (month_wh.0 + peak, month_wh.1 + valley);
        let next = day.add_days(1);
        if next.year_month() != day.year_month() {
            // Monthly readings are whole kWh.
            let total_kwh = (month_wh.0 + month_wh.1 + 500) / 1000;
            let peak_kwh = ((month_wh.0 + 500) / 1000).min(total_kwh);
            months.push((day.year_month(), MonthUse { peak_kwh, valley_kwh: total_kwh - peak_kwh }));
            month_wh = (0, 0);
        }
        day = next;
    }
    let bill_count = months.len();
    let mut year_kwh_before = 0;
    let mut year = 0;
    for (index, (month, usage)) in months.iter().enumerate() {
        if month.year() != year {
            year = month.year();
            year_kwh_before = 0;
        }
        conn.execute(
            "INSERT INTO monthly_usage (account_no, month, peak_kwh, valley_kwh) VALUES (?1, ?2, ?3, ?4)",
            params![account.account_no, month.to_string(), usage.peak_kwh, usage.valley_kwh],
        )?;
        let lines = tariff.bill_lines(account.time_of_use, year_kwh_before, *usage);
        year_kwh_before += usage.total_kwh();
        let issued = month.add_months(1).first_day();
        let due = month.add_months(1).last_day();
        let unpaid = !account.prepaid && index + account.unpaid_bills >= bill_count;
        let paid_at: Option<i64> = if unpaid {
            None
        } else if account.prepaid {
            Some(issued.start().plus_seconds(2 * 3600).unix_seconds())
        } else {
            let after_days = rng.per_mille(1, 20);
            Some(issued.add_days(after_days).start().plus_seconds(10 * 3600).unix_seconds())
        };
        conn.execute(
            "INSERT INTO bills (account_no, month, kwh, total_fen, issued_on, due_on, paid_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                account.account_no,
                month.to_string(),
                usage.total_kwh(),
                bill_total(&lines).0,
                issued.to_string(),
                due.to_string(),
                paid_at
            ],
        )?;
        let bill_id = conn.last_insert_rowid();
        for (seq, line) in lines.iter().enumerate() {
            conn.execute(
                "INSERT INTO bill_lines (bill_id, seq, tier, period, kwh, unit_price, amount_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    bill_id,
                    seq as i64,
                    serde_json::to_value(line.tier).map(|v| v.as_str().unwrap_or_default().to_owned()).unwrap_or_default(),
                    serde_json::to_value(line.period).map(|v| v.as_str().unwrap_or_default().to_owned()).unwrap_or_default(),
                    line.kwh,
                    line.unit_price.0,
                    line.amount.0
                ],
            )?;
        }
    }
    Ok(())
}

struct DemoHall {
    name: &'static str,
    city: &'static str,
    area: &'static str,
    address: &'static str,
    phone: &'static str,
    latitude: f64,
    longitude: f64,
    /// Monday..Sunday opening, `None` when closed.
    hours: [Option<(&'static str, &'static str)>; 7],
    slot_capacity: i64,
    queue_length: i64,
    services: &'static [&'static str],
}

const WEEKDAYS_AND_SATURDAY_MORNING: [Option<(&str, &str)>; 7] = [
    Some(("08:30", "17:30")),
    Some(("08:30", "17:30")),
    Some(("08:30", "17:30")),
    Some(("08:30", "17:30")),
    Some(("08:30", "17:30")),
    Some(("09:00", "12:00")),
    None,
];

const HALLS: &[DemoHall] = &[
    DemoHall {
        name: "宿城区供电营业厅",
        city: "宿迁市",
        area: "宿城区",
        address: "宿迁市宿城区幸福中路126号",
        phone: "0527-84301001",
        latitude: 33.9631,
        longitude: 118.2752,
        hours: WEEKDAYS_AND_SATURDAY_MORNING,
        slot_capacity: 4,
        queue_length: 6,
        services: &["new_connection", "name_transfer", "meter_check", "capacity_change", "billing_help", "ev_charger"],
    },
    DemoHall {
        name: "宿豫区供电营业厅",
        city: "宿迁市",
        area: "宿豫区",
        address: "宿迁市宿豫区江山大道88号",
        phone: "0527-84402002",
        latitude: 33.9486,
        longitude: 118.3301,
        hours: [
            Some(("08:30", "17:00")),
            Some(("08:30", "17:00")),
            Some(("08:30", "17:00")),
            Some(("08:30", "17:00")),
            Some(("08:30", "17:00")),
            Some(("08:30", "17:00")),
            None,
        ],
        slot_capacity: 3,
        queue_length: 2,
        services: &["new_connection", "name_transfer", "meter_check", "billing_help"],
    },
    DemoHall {
        name: "沭阳县城区供电营业厅",
        city: "沭阳县",
        area: "沭阳县",
        address: "宿迁市沭阳县人民中路200号",
        phone: "0527-83503003",
        latitude: 34.1129,
        longitude: 118.7689,
        hours: [Some(("08:30", "17:30")); 7],
        slot_capacity: 5,
        queue_length: 9,
        services: &["new_connection", "name_transfer", "meter_check", "capacity_change", "billing_help", "ev_charger"],
    },
    DemoHall {
        name: "沭阳县钱集供电所营业厅",
        city: "沭阳县",
        area: "沭阳县",
        address: "宿迁市沭阳县钱集镇钱集路18号",
        phone: "0527-83604004",
        latitude: 34.2203,
        longitude: 118.6512,
        hours: [
            Some(("08:30", "16:30")),
            Some(("08:30", "16:30")),
            Some(("08:30", "16:30")),
            Some(("08:30", "16:30")),
            Some(("08:30", "16:30")),
            None,
            None,
        ],
        slot_capacity: 2,
        queue_length: 0,
        services: &["new_connection", "meter_check", "billing_help"],
    },
];

struct DemoService {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    minutes: i64,
    /// What to bring, in Chinese and English.
    checklist: &'static [(&'static str, &'static str)],
}

/// Services offered at halls, with what to bring for each.
const SERVICES: &[DemoService] = &[
    DemoService {
        code: "new_connection",
        name: "新装用电",
        name_en: "New connection",
        minutes: 30,
        checklist: &[
            ("户主身份证原件", "Holder's ID card (original)"),
            ("房屋产权证明或购房合同", "Property certificate or purchase contract"),
        ],
    },
    DemoService {
        code: "name_transfer",
        name: "更名过户",
        name_en: "Change of account holder",
        minutes: 30,
        checklist: &[
            ("新旧户主身份证原件", "ID cards of the old and new holders (originals)"),
            ("房屋产权证明", "Property certificate"),
            ("结清电费的缴费凭证", "Receipt showing the bill is settled"),
        ],
    },
    DemoService {
        code: "meter_check",
        name: "电能表校验",
        name_en: "Meter accuracy check",
        minutes: 30,
        checklist: &[("户主身份证原件", "Holder's ID card (original)"), ("近期电费账单", "A recent bill")],
    },
    DemoService {
        code: "capacity_change",
        name: "增容减容",
        name_en: "Change of supply capacity",
        minutes: 30,
        checklist: &[
            ("户主身份证原件", "Holder's ID card (original)"),
            ("房屋产权证明", "Property certificate"),
            ("用电设备清单", "List of electrical equipment"),
        ],
    },
    DemoService {
        code: "billing_help",
        name: "电费与发票咨询",
        name_en: "Bills and invoices",
        minutes: 30,
        checklist: &[("户号或近期电费账单", "Account number or a recent bill"), ("本人身份证", "Your ID card")],
    },
    DemoService {
        code: "ev_charger",
        name: "充电桩报装",
        name_en: "EV charger installation",
        minutes: 30,
        checklist: &[
            ("户主身份证原件", "Holder's ID card (original)"),
            ("车位产权或长期租赁证明", "Parking space ownership or long-term lease"),
            ("物业同意安装证明", "Property management's consent letter"),
        ],
    },
];

fn seed_halls(conn: &Connection, today: Date) -> rusqlite::Result<()> {
    for DemoService { code, name, name_en, minutes, checklist } in SERVICES {
        let items: Vec<_> = checklist.iter().map(|(zh, en)| json!({"zh": zh, "en": en})).collect();
        conn.execute(
            "INSERT INTO services (code, name, name_en, minutes, checklist) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![code, name, name_en, minutes, serde_json::Value::Array(items).to_string()],
        )?;
    }
    for (index, hall) in HALLS.iter().enumerate() {
        let hours: Vec<_> = hall.hours.iter().map(|h| h.map(|(open, close)| json!([open, close]))).collect();
        conn.execute(
            "INSERT INTO halls (id, name, city, area, address, phone, latitude, longitude, weekly_hours, slot_capacity, queue_length)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                index as i64 + 1,
                hall.name,
                hall.city,
                hall.area,
                hall.address,
                hall.phone,
                hall.latitude,
                hall.longitude,
                json!(hours).to_string(),
                hall.slot_capacity,
                hall.queue_length
            ],
        )?;
        for service in hall.services {
            conn.execute(
                "INSERT INTO hall_services (hall_id, service_code) VALUES (?1, ?2)",
                params![index as i64 + 1, service],
            )?;
        }
    }
    // A maintenance day in the booking window, and New Year's Day for every hall.
    conn.execute(
        "INSERT INTO hall_closures (hall_id, day, reason) VALUES (1, ?1, '设备检修')",
        [today.add_days(9).to_string()],
    )?;
    for year in [today.year(), today.year() + 1] {
        if let Some(new_year) = Date::new(year, 1, 1) {
            for hall_id in 1..=HALLS.len() as i64 {
                conn.execute(
                    "INSERT OR IGNORE INTO hall_closures (hall_id, day, reason) VALUES (?1, ?2, '元旦')",
                    params![hall_id, new_year.to_string()],
                )?;
            }
        }
    }
    Ok(())
}

/// Neighbours whose past hall visits and ratings give the halls their satisfaction figures:
/// (account, holder, phone, address, area). Each is a customer holding one account without
/// usage history; signing in as one shows a rating history with follow-ups.
pub const VISITORS: &[(&str, &str, &str, &str, &str)] = &[
    ("3210000101", "孙立新", "13800000101", "宿迁市宿城区洪泽湖路66号", "宿城区"),
    ("3210000102", "周雪梅", "13800000102", "宿迁市宿豫区珠江路18号", "宿豫区"),
    ("3210000103", "吴国强", "13800000103", "宿迁市沭阳县北京路9号", "沭阳县"),
    ("3210000104", "郑海燕", "13800000104", "宿迁市宿城区发展大道120号", "宿城区"),
    ("3210000105", "冯志刚", "13800000105", "宿迁市沭阳县钱集镇新街3号", "沭阳县"),
    ("3210000106", "何晓东", "13800000106", "宿迁市宿豫区洪河路45号", "宿豫区"),
];

/// Past visits per hall (by hall id): the levels of their ratings, oldest first (A 非常满意,
/// B 满意, C 基本满意, D 不满意, E 非常不满意), and how many days back they reach. The last hall's
/// ratings are all older than the 90 days a satisfaction rate counts, so it shows none.
const PAST_VISITS: &[(i64, &str, i64, i64)] = &[
    (1, "AABAAABACAABADAAABAABCAA", 3, 86),
    (2, "ABACBBADABAB", 3, 86),
    (3, "ABCAABEABAACBABDAABACABAABBACA", 3, 86),
    (4, "AB", 100, 130),
];

const SEED_COMMENTS: &[&str] =
    &["", "工作人员很耐心，材料一次就讲清楚了。", "", "效率很高，十分钟就办完了。", "", "环境整洁，有老年人座椅。"];
const POOR_COMMENTS: &[(&str, &str)] =
    &[("long_wait", "预约了还是排了四十多分钟。"), ("unclear_requirements", "网上没写要带房产证，白跑一趟。")];
/// Appointment codes avoid 0/O and 1/I, as the booking endpoint's do.
const SEED_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn seed_visits(conn: &Connection, today: Date) -> rusqlite::Result<()> {
    let bound_at = today.add_days(-200).start().unix_seconds();
    let mut customers = Vec::new();
    for (account_no, holder, phone, address, area) in VISITORS {
        conn.execute(
            "INSERT INTO accounts (account_no, holder_name, phone, address, area, kind, time_of_use, balance_fen, opened_on)
             VALUES (?1, ?2, ?3, ?4, ?5, 'postpaid', 1, 0, ?6)",
            params![account_no, holder, phone, address, area, today.add_days(-2000).to_string()],
        )?;
        conn.execute("INSERT INTO customers (name, phone) VALUES (?1, ?2)", params![holder, phone])?;
        let customer_id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO bindings (customer_id, account_no, bound_at) VALUES (?1, ?2, ?3)",
            params![customer_id, account_no, bound_at],
        )?;
        customers.push((customer_id, *account_no, *holder, *phone));
    }
    let calendar = crate::calendar::Calendar::load(conn)?;
    let mut rng = Rng(0x0FA1_7E55);
    let mut codes = std::collections::HashSet::new();
    let mut visit_no = 0usize;
    for &(hall_id, levels, nearest, farthest) in PAST_VISITS {
        let hall = &HALLS[(hall_id - 1) as usize];
        let count = levels.len() as i64;
        for (i, letter) in levels.bytes().enumerate() {
            let i = i as i64;
            // Spread from the farthest day back to the nearest, moved back onto a day the hall is open.
            let mut day = today.add_days(-(farthest - i * (farthest - nearest) / (count - 1).max(1)));
            while hall.hours[usize::from(day.weekday())].is_none() || (day.month(), day.day()) == (1, 1) {
                day = day.add_days(-1);
            }
            let Some((open, _)) = hall.hours[usize::from(day.weekday())] else { continue };
            let (h, m) = open.split_once(':').unwrap_or(("9", "0"));
            let open_s = h.parse::<i64>().unwrap_or(9) * 3600 + m.parse::<i64>().unwrap_or(0) * 60;
            let starts_at = day.start().plus_seconds(open_s + (i % 4) * 1800).unix_seconds();
            let served_at = starts_at + 600;
            let (customer_id, account_no, holder, phone) = customers[visit_no % customers.len()];
            visit_no += 1;
            let code = loop {
                let code: String = (0..6)
                    .map(|_| {
                        char::from(SEED_CODE_ALPHABET[(rng.next_u64() % SEED_CODE_ALPHABET.len() as u64) as usize])
                    })
                    .collect();
                if codes.insert(code.clone()) {
                    break code;
                }
            };
            let service = hall.services[i as usize % hall.services.len()];
            conn.execute(
                "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                     contact_phone, status, created_at, served_at, served_window)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'done', ?9, ?10, ?11)",
                params![
                    code,
                    account_no,
                    hall_id,
                    service,
                    starts_at,
                    starts_at + 1800,
                    holder,
                    phone,
                    starts_at - 3 * 86_400,
                    served_at,
                    format!("{}号窗口", 1 + i % 4)
                ],
            )?;
            let appointment_id = conn.last_insert_rowid();
            let level = match letter {
                b'A' => "very_satisfied",
                b'B' => "satisfied",
                b'C' => "basically_satisfied",
                b'D' => "dissatisfied",
                _ => "very_dissatisfied",
            };
            let poor = matches!(letter, b'D' | b'E');
            let (reason, comment) = if poor {
                POOR_COMMENTS[visit_no % POOR_COMMENTS.len()]
            } else {
                ("", SEED_COMMENTS[visit_no % SEED_COMMENTS.len()])
            };
            let rated_at = served_at + 2 * 3600;
            conn.execute(
                "INSERT INTO ratings (kind, transaction_id, account_no, customer_id, hall_id, level, comment, created_at)
                 VALUES ('visit', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![appointment_id.to_string(), account_no, customer_id, hall_id, level, comment, rated_at],
            )?;
            let rating_id = conn.last_insert_rowid();
            if !poor {
                continue;
            }
            conn.execute(
                "INSERT INTO rating_reasons (rating_id, kind, code) VALUES (?1, 'visit', ?2)",
                params![rating_id, reason],
            )?;
            // Older poor ratings were answered and judged resolved; the newest still wait for a reply.
            let rated_on = Date::of(Timestamp(rated_at));
            let due_on = calendar.follow_up_due(rated_on).to_string();
            let answered = rated_on.days_until(today) > 20;
            conn.execute(
                "INSERT INTO follow_ups (rating_id, status, due_on, updated_at) VALUES (?1, ?2, ?3, ?4)",
                params![rating_id, if answered { "resolved" } else { "open" }, due_on, rated_at],
            )?;
            if answered {
                let replied_at = rated_at + 3 * 86_400;
                conn.execute(
                    "INSERT INTO follow_up_replies (rating_id, author, text, at) VALUES (?1, 'utility', ?2, ?3)",
                    params![
                        rating_id,
                        "您好，已核实情况并向您致歉：营业厅已在高峰时段增开综合窗口，并在网上补充了所需材料说明。",
                        replied_at
                    ],
                )?;
                conn.execute(
                    "UPDATE follow_ups SET updated_at = ?1 WHERE rating_id = ?2",
                    params![replied_at + 86_400, rating_id],
                )?;
            }
        }
    }
    Ok(())
}

fn seed_notices(conn: &Connection, today: Date) -> rusqlite::Result<()> {
    let at = |day: Date, hour: i64| -> i64 { day.start().plus_seconds(hour * 3600).unix_seconds() };
    // (area, kind, starts, ends, streets, reason)
    type Notice = (&'static str, &'static str, i64, i64, &'static [&'static str], &'static str);
    let notices: [Notice; 3] = [
        (
            "宿城区",
            "planned",
            at(today.add_days(2), 8),
            at(today.add_days(2), 16),
            &["幸福中路（洪泽湖路至发展大道）", "西湖路"],
            "10千伏线路检修",
        ),
        (
            "沭阳县",
            "unplanned",
            // Under way at any hour of the seeding day (a demo or a test run
            // at 23:30 still finds it), until noon the next day.
            at(today, 0),
            at(today.add_days(1), 12),
            &["人民中路", "迎宾大道（北京路至上海路）"],
            "电缆故障抢修",
        ),
        ("宿豫区", "planned", at(today.add_days(-5), 8), at(today.add_days(-5), 12), &["江山大道"], "变压器更换"),
    ];
    for (area, kind, starts, ends, streets, reason) in notices {
        conn.execute(
            "INSERT INTO outage_notices (area, kind, starts_at, ends_at, streets, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![area, kind, starts, ends, json!(streets).to_string(), reason],
        )?;
    }
    Ok(())
}

/// The moment a demo seed was made, for logs.
pub fn describe(today: Date) -> String {
    format!("demo data seeded for {today} ({})", Timestamp(today.start().unix_seconds()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn seeded(today: &str) -> Db {
        let db = Db::open_in_memory().expect("db");
        let today = Date::parse(today).expect("date");
        db.with_conn(|c| seed_if_empty(c, today)).expect("lock").expect("seed");
        db
    }

    fn count(db: &Db, sql: &str) -> i64 {
        db.with_conn(|c| c.query_row(sql, [], |r| r.get::<_, i64>(0))).expect("lock").expect("query")
    }

    #[test]
    fn seed_has_the_promised_shape() {
        let db = seeded("2026-11-30");
        assert!(count(&db, "SELECT COUNT(*) FROM customers") >= 3);
        assert_eq!(count(&db, "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM bindings GROUP BY customer_id)"), 2);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM accounts WHERE kind = 'prepaid'"), 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM monthly_usage WHERE account_no = '3210000001'"), 24);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM daily_usage WHERE account_no = '3210000001'"), 90);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM halls"), 4);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM monthly_usage WHERE account_no = '3210000005'"), 0);
        assert!(count(&db, "SELECT COUNT(*) FROM outage_notices") >= 2);
        assert_eq!(count(&db, "SELECT MAX(day) = '2026-11-29' FROM daily_usage"), 1);
        assert_eq!(count(&db, "SELECT MAX(month) = '2026-10' FROM monthly_usage"), 1);
    }

    #[test]
    fn every_bill_is_the_sum_of_its_lines_and_covers_its_kwh() {
        let db = seeded("2026-11-30");
        let mismatched = count(
            &db,
            "SELECT COUNT(*) FROM bills b WHERE b.total_fen != (SELECT SUM(amount_fen) FROM bill_lines WHERE bill_id = b.id)
                OR b.kwh != (SELECT SUM(kwh) FROM bill_lines WHERE bill_id = b.id)",
        );
        assert_eq!(mismatched, 0);
        let bills = count(&db, "SELECT COUNT(*) FROM bills");
        assert_eq!(bills, 5 * 24);
    }

    #[test]
    fn daily_use_adds_up_to_the_monthly_reading() {
        let db = seeded("2026-11-30");
        // October lies wholly inside the 90 days of daily history.
        let (daily_wh, monthly_kwh): (i64, i64) = db
            .with_conn(|c| {
                c.query_row(
                    "SELECT (SELECT SUM(peak_wh + valley_wh) FROM daily_usage WHERE account_no = '3210000001' AND day LIKE '2026-10-%'),
                            (SELECT peak_kwh + valley_kwh FROM monthly_usage WHERE account_no = '3210000001' AND month = '2026-10')",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .expect("lock")
            .expect("query");
        assert_eq!((daily_wh + 500) / 1000, monthly_kwh);
    }

    #[test]
    fn seeding_is_deterministic_and_runs_once() {
        let a = seeded("2026-11-30");
        let b = seeded("2026-11-30");
        let sum = "SELECT SUM(total_fen) FROM bills";
        assert_eq!(count(&a, sum), count(&b, sum));
        let again =
            a.with_conn(|c| seed_if_empty(c, Date::parse("2026-11-30").expect("date"))).expect("lock").expect("seed");
        assert!(!again);
    }
}
