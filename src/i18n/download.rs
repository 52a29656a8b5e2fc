//! The texts of downloads (usage CSV, e-invoice, calendar file): the usage and halls
//! pieces use them, so they travel in the piece those share (src/pieces.rs).

area_texts! {
    DownloadText {
        Opening => ("正在打开文件。没有反应时，请点右上角“···”选“在浏览器打开”，或长按下面的链接保存。",
            "Opening the file. If nothing happens, tap ··· (top right) and choose Open in browser, or long-press the link below to save it."),
        Link => ("文件链接（5分钟内有效）", "Link to the file (valid for 5 minutes)"),
        OpenInBrowser => ("在微信里下载不了时，请点右上角“···”选“在浏览器打开”再试。",
            "If WeChat cannot download it, tap ··· (top right), choose Open in browser and try there."),
    }
}
