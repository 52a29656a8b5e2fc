//! The texts only the halls pages use: they travel in that area's piece (src/pieces.rs).

area_texts! {
    HallsText {
        Closed => ("休息", "Closed"),
        OpenNow => ("营业中", "Open now"),
        ClosedNow => ("现在休息，请在营业时间内前来", "Closed now: please come during opening hours"),
        ConsentBooking => (
            "提交预约即表示您同意：联系人姓名和手机号仅用于本次预约的提醒和到厅核对。",
            "By booking you agree that we use the contact name and number only for this appointment's reminders and check-in."
        ),
        ClosedOn => ("{0} 暂停营业：{1}", "Closed on {0}: {1}"),
        QueueNow => ("现在排队 {0} 人，预计等待 {1} 分钟", "{0} waiting now, about {1} minutes"),
        SatisfactionRate => ("近 90 天满意率 {0}%（{1} 条评价）", "{0}% satisfied over the last 90 days ({1} ratings)"),
        ServicesOffered => ("可办业务：", "Services: "),
        OpenMap => ("在地图中打开", "Open in maps"),
        CallHall => ("致电 {0}", "Call {0}"),
        GuidanceIntro => ("说说您想办什么：很多事不用跑营业厅。", "Tell us what you need: much of it needs no trip to a hall."),
        WayOnline => ("可以在网上办", "Done online, here"),
        WayOtherWay => ("不用去营业厅", "No trip needed"),
        WayVisit => ("需要到营业厅办理", "Needs a visit to a hall"),
        GoTo => ("去“{0}”办理", "Go to {0}"),
        InApp => ("在“{0}”App 中办理", "In the {0} app"),
        VisitMinutes => ("到厅办理约需 {0} 分钟。", "The visit takes about {0} minutes."),
        HallsOffering => ("可以办理的营业厅", "Halls that do this"),
        ChooseServiceMyself => ("以上都不是？直接选择要办的业务", "None of these? Choose the service yourself"),
        OtherNeeds => ("看看其他事情", "Something else"),
        NoAnswer => (
            "暂时没有这方面的说明。您可以直接选择要办的业务，或拨打客服热线。",
            "There is no answer for this yet. Choose the service yourself, or call the hotline."
        ),
        BookVisit => ("预约到厅办理", "Book a visit"),
        FilterByService => ("按业务筛选", "Show halls offering"),
        AllServices => ("全部业务", "All services"),
        StepOf => ("第 {0} 步，共 {1} 步", "Step {0} of {1}"),
        NoSlots => ("当天没有可预约的时段，请选择其他日期。", "No times left that day; please choose another day."),
        SlotFull => ("已约满", "Full"),
        SeatsLeft => ("余 {0} 个", "{0} left"),
        ContactName => ("联系人姓名", "Contact name"),
        SummaryService => ("办理业务", "Service"),
        SummaryHall => ("营业厅", "Hall"),
        Continue => ("下一步", "Continue"),
        BringIntro => ("请带齐以下材料，以免白跑一趟：", "Bring these so the visit is not wasted:"),
        ConfirmBooking => ("确认预约", "Confirm booking"),
        ErrTooManyAppointments => (
            "这个户号的预约数已达上限。请先完成或取消一个预约，再预约新的。",
            "This account already has as many appointments as it may hold. Attend or cancel one before booking another."
        ),
        ErrAppointmentLocked => (
            "预约开始前 1 小时内不能在网上取消或改约。如需变更，请致电营业厅。",
            "Within an hour of its time an appointment cannot be changed or cancelled online. Please call the hall."
        ),
        ChangeableUntil => ("可在 {0} 前在网上取消或改约（预约开始前 1 小时）。", "You can cancel or move it online until {0}, an hour before it starts."),
        ChangesClosed => (
            "网上取消或改约已于 {0} 截止（预约开始前 1 小时）。如需取消或改约，请拨打客服热线 {1}，或直接联系营业厅。",
            "Online changes closed at {0}, an hour before the appointment. To cancel or move it, call {1} or the hall."
        ),
        SlotTaken => ("这个时段刚刚被约满了，请选择其他时段。", "This time has just been taken; please choose another."),
        ChooseAnotherSlot => ("选择其他时段", "Choose another time"),
        ReferenceCode => ("预约码", "Reference code"),
        QrLabel => ("预约码 {0} 的二维码，到厅后出示扫码签到", "QR code of reference {0}; show it at the hall to check in"),
        PeopleAhead => ("前面还有 {0} 人", "{0} people ahead of you"),
        WhatNext => ("接下来：请在预约时间前到达营业厅，出示预约码或二维码签到取号；如不能前往，请提前 1 小时取消。", "What happens next: arrive before your time, show the code or QR code to check in and get a queue number; if you cannot come, cancel at least an hour before."),
        AddToCalendar => ("加入日历（.ics）", "Add to calendar (.ics)"),
        CancelAppointment => ("取消预约", "Cancel the appointment"),
        CancelConfirmTitle => ("确认取消预约？", "Cancel this appointment?"),
        CancelConfirmBody => (
            "{0}在{1}的预约将被取消，这个时段会让给其他人。之后可以重新预约。",
            "The appointment on {0} at {1} will be cancelled and its time given to someone else. You can book again later."
        ),
        CancelConfirm => ("确认取消", "Yes, cancel it"),
        ApptCancelledNotice => ("预约已取消，时段已释放。", "The appointment is cancelled and the time is free again."),
        NoAppointments => ("还没有预约。", "No appointments yet."),
        ViewAppointment => ("查看预约 {0}", "View appointment {0}"),
        RescheduleIntro => ("在 {0} 改到其他日期或时段；新时段约好之前，原预约保持不变。", "Move to another day or time at {0}; your current booking stays until the new one is made."),
        BackToAppointment => ("返回预约详情", "Back to the appointment"),
    }
}
