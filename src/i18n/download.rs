//! The texts of downloads (usage CSV, e-invoice, calendar file): the usage and halls
//! pieces use them, so they travel in the piece those share (src/pieces.rs).

area_texts! {
    DownloadText {
        Opening => ("正在打开文件……如果没有打开或没有保存，请点右上角“···”，选择“在浏览器打开”后再下载；也可以长按下面的链接保存。",
            "Opening the file… If it does not open or save, tap ··· (top right) and choose Open in browser, then download it there; or long-press the link below to save it."),
        Link => ("文件链接（5分钟内有效）", "Link to the file (valid for 5 minutes)"),
        OpenInBrowser => ("在微信里无法下载时，请点右上角“···”，选择“在浏览器打开”后再试。",
            "If WeChat cannot download it, tap ··· (top right), choose Open in browser and try again there."),
        BlockedHere => ("这个浏览器没有开始下载。", "This browser did not start the download."),
    }
}
