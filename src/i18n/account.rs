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
    }
}
