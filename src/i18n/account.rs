//! The texts only the account pages use: they travel in that area's piece (src/pieces.rs).

area_texts! {
    AccountText {
        HealthChecking => ("正在连接服务…", "Connecting to the service…"),
        HealthOk => ("服务正常", "The service is working"),
        HealthDegraded => ("服务部分不可用，请稍后再试", "Part of the service is unavailable; please try again later"),
        HealthServerTime => ("服务器时间", "Server time"),
        HealthVersion => ("接口版本", "API version"),
        NotFoundBody => ("您访问的页面不存在或已移动。", "The page you asked for does not exist or has moved."),
        BackHome => ("返回首页", "Back to home"),
        SignOut => ("退出登录", "Sign out"),
        WechatHeading => ("微信登录", "WeChat sign-in"),
        WechatLinked => (
            "您的微信已关联：在微信中打开网上营业厅会自动登录。",
            "Your WeChat is linked: opening the portal in WeChat signs you in by itself."
        ),
        UnlinkWechat => ("解除微信关联", "Unlink WeChat"),
        WechatUnlinked => (
            "已解除微信关联。以后在微信中打开，请用户号和手机号登录。",
            "WeChat is unlinked. Next time in WeChat, sign in with your account number and mobile number."
        ),
        AccountsIntro => ("可以绑定家里、父母家或店铺的多个户号，并随时切换。", "Bind several accounts (home, parents' flat, a shop) and switch between them."),
        SwitchToAccount => ("切换到此户号", "Switch to this account"),
        HolderNameLabel => ("户主姓名", "Account holder's name"),
        HolderNameHint => ("与电费账单上的户名一致，用于核对", "As on the bill; used to check the account"),
        BindButton => ("绑定户号", "Bind account"),
        BindProofHint => ("为保护户主信息，我们会向该户号登记的手机发送验证码；请户主把验证码告诉您。", "To protect the holder, we send a code to the phone registered for this account; ask the holder for it."),
        BindCodeFor => ("请输入户号 {0} 登记的手机收到的验证码。", "Enter the code sent to the phone registered for account {0}."),
        ChangeBindDetails => ("修改户号或户主姓名", "Change the account number or name"),
        Bound => ("已绑定户号 {0}", "Account {0} is now bound"),
        Unbind => ("解除绑定", "Unbind"),
        UnbindConfirmTitle => ("确认解除绑定？", "Unbind this account?"),
        UnbindConfirmBody => ("解除后本账号将不能查看户号 {0} 的用电和缴费，之后可以随时重新绑定。", "You will no longer see usage and payments of account {0} here. You can bind it again at any time."),
        UnbindConfirm => ("确认解除", "Unbind"),
        Unbound => ("已解除户号 {0} 的绑定", "Account {0} is unbound"),
        ErrAlreadyBound => ("该户号已绑定在您的账号中。", "This account is already bound to you."),
        KindPostpaid => ("月结电费", "Monthly billing"),
        KindPrepaid => ("预付费（费控）", "Prepaid"),
        SettingsLanguage => ("语言", "Language"),
        SettingsCare => ("长辈版", "Large text mode"),
        SettingsCareHint => ("字体更大、按钮更大，每屏内容更少", "Bigger text and buttons, fewer items per screen"),
        On => ("开", "On"),
        Off => ("关", "Off"),
        LangNameZh => ("中文", "中文"),
        LangNameEn => ("English", "English"),
        ConsentBind => (
            "获取验证码即表示您同意：户号和户主姓名仅用于核对您能否查看该户号。",
            "By asking for a code you agree that we use the account number and holder's name only to check this account is yours to see."
        ),
        PrivacyIntro => (
            "{0}在网上营业厅中只收集办理用电业务所需的个人信息。以下说明收集什么、为什么、保存多久，以及如何查询、更正或删除。",
            "{0} collects only the personal information the online service hall needs to serve your electricity account. Here is what, why, for how long, and whom to ask."
        ),
        PrivacyCollectedHeading => ("我们收集什么、为什么", "What we collect, and why"),
        PrivacyAccountPhone => (
            "户号和登记的手机号：用于登录和发送短信验证码。",
            "Your account number and registered mobile number: to sign you in and text you codes."
        ),
        PrivacyHolder => (
            "户主姓名：仅在绑定户号时用于核对，不作其他用途。",
            "The holder's name: only when you bind an account, to check it, and for nothing else."
        ),
        PrivacyContact => (
            "预约联系人的姓名和手机号：用于预约提醒和到厅核对。",
            "The contact name and number of an appointment: for its reminders and to check you in at the hall."
        ),
        PrivacyRatings => ("评价和留言：用于改进服务和回复您。", "Your ratings and comments: to improve the service and to answer you."),
        PrivacyWechat => (
            "在微信中登录时的微信标识：用于下次自动登录，可以在“设置”中解除。",
            "Your WeChat identity, when you sign in inside WeChat: to sign you in next time; unlink it in Settings."
        ),
        PrivacyKeptHeading => ("保存多久", "How long it is kept"),
        PrivacyKeptSession => (
            "登录状态：退出登录或较长时间无操作后即失效。",
            "Your sign-in: it ends when you sign out or after a while without activity."
        ),
        PrivacyKeptCodes => ("短信验证码：5 分钟内有效，用过即作废。", "Text message codes: valid for 5 minutes, void once used."),
        PrivacyKeptRecords => (
            "预约、缴费和评价记录：按供电营业档案的保存规定保存，期满删除。",
            "Appointment, payment and rating records: kept as the rules for utility records require, then deleted."
        ),
        PrivacyKeptBrowser => (
            "本机浏览器只保存语言、长辈版设置和尚未提交的表单内容；退出登录时一并清除表单内容。",
            "This browser keeps only your language, large-text setting and forms not yet sent; signing out clears the forms."
        ),
        PrivacyNeverHeading => ("我们不会做什么", "What we never do"),
        PrivacyNeverSold => (
            "不出售您的个人信息，不用于营销；除法律要求外，不向任何第三方提供。",
            "We never sell your personal information or use it for marketing, and give it to no one else unless the law requires it."
        ),
        PrivacyNeverPayment => (
            "交费时，您选择的支付渠道只收到订单号和金额（微信支付另需您的微信标识）。",
            "When you pay, the payment channel you choose receives only the order number and the amount (and, for WeChat Pay, your WeChat identity)."
        ),
        PrivacyAskHeading => ("查询、更正或删除", "To see, correct or delete it"),
        PrivacyAsk => (
            "请拨打客服热线，或带上身份证到任一营业厅办理：",
            "Call the customer hotline, or visit any service hall with your ID card:"
        ),
    }
}
