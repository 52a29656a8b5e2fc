//! PDF e-invoices (电子发票) for paid bills. Text is drawn in a CJK font of which
//! krilla embeds only the glyphs used, so an invoice stays a few dozen KB although
//! a Noto CJK collection is about 20 MB. The text needs no shaping (Chinese,
//! digits, ASCII), so glyphs come straight from the font's character map.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use contract::tariff::{Period, Tier};
use contract::{BillDetail, BillId, Date, Timestamp, YearMonth};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

/// Where Debian's CJK font packages put their fonts, best first: fonts-noto-cjk,
/// fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming, fonts-droid-fallback.
pub const DEFAULT_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// The first of [`DEFAULT_FONT_PATHS`] that exists.
pub fn default_font_path() -> Option<PathBuf> {
    DEFAULT_FONT_PATHS.iter().map(PathBuf::from).find(|path| path.is_file())
}

/// The seller named on every invoice.
pub const UTILITY_NAME: &str = "宿迁供电";

/// A font face that can draw Chinese, with its file kept in memory.
#[derive(Clone)]
pub struct InvoiceFont {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl InvoiceFont {
    pub fn load(path: &Path) -> Result<InvoiceFont, String> {
        let data = std::fs::read(path).map_err(|e| format!("cannot read the invoice font {}: {e}", path.display()))?;
        let index =
            chinese_face(&data).ok_or_else(|| format!("{} has no font face with Chinese glyphs", path.display()))?;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index)
            .ok_or_else(|| format!("cannot use face {index} of {} for PDF", path.display()))?;
        Ok(InvoiceFont { data, index, font })
    }
}

/// The face to draw Chinese with. In a collection such as Noto Sans CJK that is the
/// Simplified Chinese face: the Japanese and Korean ones draw some characters differently.
fn chinese_face(data: &[u8]) -> Option<u32> {
    let file = FileRef::new(data).ok()?;
    let mut first_with_chinese = None;
    for (index, face) in file.fonts().enumerate() {
        let Ok(face) = face else { continue };
        if face.charmap().map('电').is_none() {
            continue;
        }
        let family = face.localized_strings(StringId::FAMILY_NAME).english_or_first().map(|name| name.to_string());
        if family.is_some_and(|name| name.ends_with(" SC")) {
            return u32::try_from(index).ok();
        }
        first_with_chinese = first_with_chinese.or(u32::try_from(index).ok());
    }
    first_with_chinese
}

/// The invoice font, read on first use and kept for the life of the server; a
/// failure is kept too and reported with every request, until a restart.
#[derive(Clone, Default)]
pub struct FontCache(Arc<OnceLock<Result<InvoiceFont, String>>>);

impl FontCache {
    /// Blocks while reading the file: call it off the async runtime.
    pub fn get(&self, path: Option<&Path>) -> Result<InvoiceFont, String> {
        self.0
            .get_or_init(|| match path {
                Some(path) => InvoiceFont::load(path),
                None => Err(format!("no invoice font is configured and none of {DEFAULT_FONT_PATHS:?} exists")),
            })
            .clone()
    }
}

/// 20 digits like a 数电发票 number: the year of payment, the region (3213, 宿迁)
/// and the bill id, so a bill's invoice always has the same number.
pub fn invoice_number(bill_id: BillId, paid_at: Timestamp) -> String {
    format!("{:02}3213{:014}", Date::of(paid_at).year().rem_euclid(100), bill_id.0)
}

/// What an invoice shows beyond the bill itself.
pub struct Invoice<'a> {
    pub bill: &'a BillDetail,
    pub holder_name_masked: &'a str,
    pub paid_at: Timestamp,
}

fn tier_label(tier: Tier) -> &'static str {
    match tier {
        Tier::Tier1 => "第一档",
        Tier::Tier2 => "第二档",
        Tier::Tier3 => "第三档",
    }
}

fn period_label(period: Period) -> &'static str {
    match period {
        Period::Flat => "不分时",
        Period::Peak => "峰",
        Period::Valley => "谷",
    }
}

fn chinese_date(date: Date) -> String {
    format!("{}年{:02}月{:02}日", date.year(), date.month(), date.day())
}

fn chinese_month(month: YearMonth) -> String {
    format!("{}年{:02}月", month.year(), month.month())
}

fn china_time(instant: Timestamp) -> String {
    let (hour, minute) = instant.china_hour_minute();
    format!("{} {hour:02}:{minute:02}", Date::of(instant))
}

/// A5 landscape, in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 420.0;
const MARGIN: f32 = 40.0;

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// Lays text out glyph by glyph from the face's character map and advances.
struct Writer<'a> {
    font: Font,
    charmap: Charmap<'a>,
    metrics: GlyphMetrics<'a>,
    units_per_em: f32,
}

impl<'a> Writer<'a> {
    fn new(font: &'a InvoiceFont) -> Result<Writer<'a>, String> {
        let face = FontRef::from_index(&font.data, font.index).map_err(|e| format!("font face: {e}"))?;
        let units_per_em = f32::from(face.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        Ok(Writer {
            font: font.font.clone(),
            charmap: face.charmap(),
            metrics: face.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// The glyphs of `text` with advances in em, and the total advance in em.
    fn glyphs(&self, text: &str) -> (Vec<KrillaGlyph>, f32) {
        let mut width = 0.0;
        let glyphs = text
            .char_indices()
            .map(|(at, ch)| {
                // A character the face lacks is drawn as its .notdef box rather than dropped.
                let id = self.charmap.map(ch).unwrap_or(skrifa::GlyphId::NOTDEF);
                let advance = self.metrics.advance_width(id).unwrap_or(0.0) / self.units_per_em;
                width += advance;
                KrillaGlyph::new(GlyphId::new(id.to_u32()), advance, 0.0, 0.0, 0.0, at..at + ch.len_utf8(), None)
            })
            .collect();
        (glyphs, width)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).1 * size
    }

    /// Draws `text` with its baseline at `y`, aligned on `x`.
    fn text(
        &self,
        surface: &mut Surface<'_>,
        (x, y): (f32, f32),
        size: f32,
        align: Align,
        color: rgb::Color,
        text: &str,
    ) {
        let (glyphs, width) = self.glyphs(text);
        let left = match align {
            Align::Left => x,
            Align::Center => x - width * size / 2.0,
            Align::Right => x - width * size,
        };
        surface.set_stroke(None);
        surface.set_fill(Some(Fill { paint: color.into(), ..Fill::default() }));
        surface.draw_glyphs(Point::from_xy(left, y), &glyphs, self.font.clone(), text, size, false);
    }
}

fn rule(surface: &mut Surface<'_>, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, color: rgb::Color) {
    let mut path = PathBuilder::new();
    path.move_to(x1, y1);
    path.line_to(x2, y2);
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { paint: color.into(), width, ..Stroke::default() }));
        surface.draw_path(&path);
    }
}

fn frame(surface: &mut Surface<'_>, inset: f32, width: f32, color: rgb::Color) {
    let (left, top, right, bottom) = (inset, inset, WIDTH - inset, HEIGHT - inset);
    rule(surface, (left, top), (right, top), width, color);
    rule(surface, (right, top), (right, bottom), width, color);
    rule(surface, (right, bottom), (left, bottom), width, color);
    rule(surface, (left, bottom), (left, top), width, color);
}

/// The invoice as a one-page PDF.
pub fn render(font: &InvoiceFont, invoice: &Invoice<'_>) -> Result<Vec<u8>, String> {
    let bill = invoice.bill;
    let summary = &bill.summary;
    let number = invoice_number(summary.id, invoice.paid_at);
    let writer = Writer::new(font)?;
    // Invoice red for the form, near-black for what is filled in, as on a printed 发票.
    let form = rgb::Color::new(0x9b, 0x2c, 0x2c);
    let ink = rgb::Color::new(0x1f, 0x1f, 0x1f);
    let quiet = rgb::Color::new(0x6b, 0x6b, 0x6b);

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("电子发票 {number}"))
            .language("zh-CN".to_owned())
            .creator(format!("refserver {}", env!("CARGO_PKG_VERSION"))),
    );
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("invalid page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let s = &mut surface;

    frame(s, MARGIN - 16.0, 1.2, form);
    let title = "电子发票（普通发票）";
    let title_y = MARGIN + 26.0;
    writer.text(s, (WIDTH / 2.0, title_y), 20.0, Align::Center, form, title);
    let half = writer.width(title, 20.0) / 2.0 + 6.0;
    for y in [title_y + 7.0, title_y + 10.0] {
        rule(s, (WIDTH / 2.0 - half, y), (WIDTH / 2.0 + half, y), 0.8, form);
    }
    let right = WIDTH - MARGIN;
    writer.text(s, (right, MARGIN + 8.0), 9.0, Align::Right, ink, &format!("发票号码：{number}"));
    writer.text(
        s,
        (right, MARGIN + 21.0),
        9.0,
        Align::Right,
        ink,
        &format!("开票日期：{}", chinese_date(Date::of(invoice.paid_at))),
    );

    let info_y = MARGIN + 62.0;
    let column = WIDTH / 2.0 + 10.0;
    let left_info = [
        format!("销售方：{UTILITY_NAME}"),
        format!("购买方：{}", invoice.holder_name_masked),
        format!("户号：{}", summary.account_no),
    ];
    let right_info = [
        format!("电费月份：{}", chinese_month(summary.month)),
        format!("用电量：{} kWh", summary.kwh),
        format!("支付时间：{}", china_time(invoice.paid_at)),
    ];
    for (row, (left, right)) in left_info.iter().zip(&right_info).enumerate() {
        let y = info_y + 18.0 * row as f32;
        writer.text(s, (MARGIN, y), 10.5, Align::Left, ink, left);
        writer.text(s, (column, y), 10.5, Align::Left, ink, right);
    }

    // The lines table: item, tier, period, kWh, unit price, amount.
    let (tier_x, period_x, kwh_x, price_x) = (MARGIN + 96.0, MARGIN + 160.0, 360.0, 460.0);
    let header_y = info_y + 3.0 * 18.0 + 16.0;
    rule(s, (MARGIN, header_y - 14.0), (right, header_y - 14.0), 0.8, form);
    for (x, align, label) in [
        (MARGIN, Align::Left, "项目名称"),
        (tier_x, Align::Left, "阶梯"),
        (period_x, Align::Left, "时段"),
        (kwh_x, Align::Right, "电量（kWh）"),
        (price_x, Align::Right, "单价（元/kWh）"),
        (right, Align::Right, "金额（元）"),
    ] {
        writer.text(s, (x, header_y), 9.5, align, form, label);
    }
    rule(s, (MARGIN, header_y + 6.0), (right, header_y + 6.0), 0.5, form);
    let mut y = header_y + 6.0;
    for line in &bill.lines {
        y += 18.0;
        writer.text(s, (MARGIN, y), 10.0, Align::Left, ink, "*供电*电费");
        writer.text(s, (tier_x, y), 10.0, Align::Left, ink, tier_label(line.tier));
        writer.text(s, (period_x, y), 10.0, Align::Left, ink, period_label(line.period));
        writer.text(s, (kwh_x, y), 10.0, Align::Right, ink, &line.kwh.to_string());
        writer.text(s, (price_x, y), 10.0, Align::Right, ink, &line.unit_price.to_yuan_string());
        writer.text(s, (right, y), 10.0, Align::Right, ink, &line.amount.to_yuan_string());
    }
    y += 10.0;
    rule(s, (MARGIN, y), (right, y), 0.8, form);
    y += 18.0;
    writer.text(s, (MARGIN, y), 11.0, Align::Left, form, "合计");
    writer.text(s, (kwh_x, y), 11.0, Align::Right, ink, &summary.kwh.to_string());
    writer.text(s, (right, y), 11.0, Align::Right, ink, &format!("¥{}", summary.total.to_yuan_string()));
    y += 20.0;
    writer.text(
        s,
        (right, y),
        10.0,
        Align::Right,
        ink,
        &format!("价税合计：{} 元（已于 {} 付清）", summary.total.to_yuan_string(), china_time(invoice.paid_at)),
    );

    let footer_y = HEIGHT - MARGIN + 4.0;
    writer.text(
        s,
        (MARGIN, footer_y),
        8.0,
        Align::Left,
        quiet,
        &format!("{UTILITY_NAME}网上营业厅开具 · 参考服务器演示数据"),
    );
    writer.text(s, (right, footer_y), 8.0, Align::Right, quiet, &format!("账单编号 {}", summary.id));

    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("cannot write the PDF: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_numbers_are_twenty_digits_fixed_by_the_bill() {
        let paid = Timestamp::parse("2026-11-05T10:00:00+08:00").expect("valid");
        assert_eq!(invoice_number(BillId(23), paid), "26321300000000000023");
        assert_eq!(invoice_number(BillId(23), paid), invoice_number(BillId(23), paid));
        assert_ne!(invoice_number(BillId(24), paid), invoice_number(BillId(23), paid));
    }

    #[test]
    fn dates_read_the_chinese_way() {
        assert_eq!(chinese_date(Date::parse("2026-11-05").expect("valid")), "2026年11月05日");
        assert_eq!(chinese_month(YearMonth::parse("2026-09").expect("valid")), "2026年09月");
        assert_eq!(china_time(Timestamp::parse("2026-11-05T02:07:00Z").expect("valid")), "2026-11-05 10:07");
    }

    #[test]
    fn a_missing_font_file_is_a_reason_not_a_panic() {
        let cache = FontCache::default();
        let reason = cache.get(Some(Path::new("/nonexistent/font.ttc"))).err().expect("fails");
        assert!(reason.contains("/nonexistent/font.ttc"), "{reason}");
        assert!(FontCache::default().get(None).is_err());
    }
}
