//! The texts only the home pages use: they travel in that area's piece (src/pieces.rs).

area_texts! {
    HomeText {
        NavMain => ("主要功能", "Main services"),
        NoAccounts => ("您还没有绑定户号，请先绑定。", "You have no accounts yet; bind one first."),
        MyAccounts => ("管理户号", "Manage accounts"),
        Balance => ("账户余额", "Balance"),
        Arrears => ("应缴电费", "Amount due"),
        NoArrears => ("当前无欠费", "Nothing to pay"),
        DueDate => ("缴费截止日 {0}", "Due by {0}"),
        OverdueSince => ("已逾期（截止日 {0}），请尽快缴费", "Overdue since {0}; please pay soon"),
        DaysLeft => ("按近 30 天用电，约可用 {0} 天", "At the last 30 days' use, lasts about {0} days"),
        LowBalance => ("余额不足，请及时充值，以免停电", "Balance is low; top up to avoid a cut-off"),
        LastBill => ("最近账单：", "Latest bill: "),
        LastBillLine => ("{0}：{1} 千瓦时，{2}，{3}", "{0}: {1} kWh, {2}, {3}"),
        JobUsage => ("查用电", "My usage"),
        JobPay => ("交电费", "Pay"),
        JobBook => ("约营业厅", "Book a hall visit"),
        JobRate => ("评服务", "Rate our service"),
        AllNotices => ("查看停电通知", "See power cut notices"),
        NextVisit => ("下次到厅：{0}，{1}", "Your next hall visit: {0}, {1}"),
        ViewVisit => ("查看预约", "See the appointment"),
        OpenOrder => ("您有一笔 {0} 的订单尚未支付。", "An order of {0} is waiting to be paid."),
        ContinueOrder => ("继续支付", "Continue paying"),
    }
}
