//! `refserver`: the reference utility API and the portal, in one process.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use contract::{Date, PayChannel};
use refserver::{seed, AppState, Clock, Db, Settings};

#[derive(Parser, Debug)]
#[command(version, about = "Reference implementation of the utility API; serves the built portal too")]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file; created and seeded with demo data when new.
    #[arg(long, default_value = "data/utility.sqlite3")]
    db: PathBuf,
    /// The built portal (trunk's dist/) to serve at `/`.
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Enable demo helpers: readable SMS codes (GET /api/v1/demo/sms) and fault injection.
    #[arg(long)]
    demo: bool,
    /// Pretend today is this date (YYYY-MM-DD); the clock still runs.
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Idle minutes after which a session ends.
    #[arg(long, default_value_t = 30)]
    session_idle_minutes: i64,
    /// CJK font for PDF e-invoices (.ttf, .otf or a .ttc collection); default: the
    /// first of Debian's Noto CJK, WenQuanYi or Droid fallback fonts found.
    #[arg(long, value_name = "PATH")]
    invoice_font: Option<PathBuf>,
    /// The origin customers reach this server at (e.g. https://95598.example.cn) when it is
    /// behind a proxy; default: http:// and the listening address.
    #[arg(long, value_name = "ORIGIN", value_parser = parse_origin)]
    public_origin: Option<String>,
    /// Another origin (e.g. https://portal.example.cn) a payment may return to, besides the
    /// public origin; repeat for more.
    #[arg(long = "portal-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    portal_origins: Vec<String>,
    /// Payment channels accepted, comma-separated; default all of them.
    #[arg(long, value_delimiter = ',', value_parser = parse_channel)]
    payment_channels: Option<Vec<PayChannel>>,
}

fn parse_origin(raw: &str) -> Result<String, String> {
    let url =
        url::Url::parse(raw).map_err(|e| format!("{raw:?} is not an origin like https://portal.example.cn: {e}"))?;
    match url.origin() {
        origin @ url::Origin::Tuple(..) if matches!(url.scheme(), "http" | "https") => Ok(origin.ascii_serialization()),
        _ => Err(format!("{raw:?} is not an http(s) origin")),
    }
}

fn parse_channel(raw: &str) -> Result<PayChannel, String> {
    PayChannel::parse(raw.trim()).ok_or_else(|| {
        let known: Vec<&str> = PayChannel::ALL.iter().map(|c| c.as_str()).collect();
        format!("{raw:?} is not one of {}", known.join(", "))
    })
}

fn parse_date(raw: &str) -> Result<Date, String> {
    Date::parse(raw).map_err(|_| format!("{raw:?} is not a date like 2026-11-30"))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "refserver=info,tower_http=warn".into()),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("refserver: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let clock = args.today.map(Clock::system_from).unwrap_or_else(Clock::system);
    let db = Db::open(&args.db).map_err(|e| format!("cannot open database {}: {e}", args.db.display()))?;
    let today = clock.today();
    let seeded = db
        .with_conn(|conn| seed::seed_if_empty(conn, today))
        .map_err(|e| format!("{e:?}"))?
        .map_err(|e| format!("cannot seed database: {e}"))?;
    if seeded {
        tracing::info!("{}", seed::describe(today));
    }
    let dist = args.dist.is_dir().then_some(args.dist.clone());
    if dist.is_none() {
        tracing::warn!(dist = %args.dist.display(), "no built portal there; serving the API alone");
    }
    let defaults = Settings::default();
    let invoice_font = args.invoice_font.or(defaults.invoice_font.clone());
    match &invoice_font {
        Some(path) => tracing::info!(font = %path.display(), "e-invoices use this font"),
        None => tracing::warn!(
            searched = ?refserver::invoice::DEFAULT_FONT_PATHS,
            "no CJK font found: e-invoices answer 503; install fonts-noto-cjk or pass --invoice-font"
        ),
    }
    let settings = Settings {
        demo: args.demo,
        dist,
        session_idle_s: args.session_idle_minutes * 60,
        invoice_font,
        payment_channels: args.payment_channels.unwrap_or(defaults.payment_channels.clone()),
        public_origin: args.public_origin,
        portal_origins: args.portal_origins,
        ..defaults
    };
    let state = AppState::new(db, clock, settings);
    let running =
        refserver::spawn(args.addr, state).await.map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    println!("refserver listening on {}", running.url());
    if args.demo {
        let customer = &seed::CUSTOMERS[0];
        println!(
            "demo sign-in: account {} + phone {}; the SMS code is in this log and at {}/api/v1/demo/sms?phone={}",
            customer.accounts[0],
            customer.phone,
            running.url(),
            customer.phone
        );
    }
    tokio::signal::ctrl_c().await.map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    running.stop().await;
    Ok(())
}
