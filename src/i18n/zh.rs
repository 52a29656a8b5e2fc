use super::Text::{self, *};

pub fn text(key: Text) -> &'static str {
    match key {
        Loading => "正在加载…",
        HotlineLabel => "客服热线",
        HealthTitle => "服务状态",
        HealthChecking => "正在连接服务…",
        HealthOk => "服务正常",
        HealthDegraded => "服务部分不可用，请稍后再试",
        HealthServerTime => "服务器时间",
        HealthVersion => "接口版本",
        Retry => "重试",
        ConfigProblemTitle => "网上营业厅暂时无法打开",
        ConfigProblemBody => "页面配置无法读取。请稍后刷新页面重试，或拨打客服热线办理业务。",
        ErrorNetwork => "网络连接失败。请检查网络后点击“重试”，您填写的内容不会丢失。",
        ErrorTimeout => "服务响应超时。请稍后点击“重试”，您填写的内容不会丢失。",
        ErrorUnauthorized => "登录已失效，请重新登录。登录后将回到当前页面，已填写的内容会保留。",
        ErrorNotFound => "没有找到相关信息。请确认户号是否正确，或返回首页。",
        ErrorConflict => "该操作与当前状态冲突，请刷新页面后再试。",
        ErrorValidation => "填写的内容有误，请按提示修改后再提交。",
        ErrorRateLimited => "操作过于频繁，请稍后再试。",
        ErrorRefused => "无法办理该请求，请核对信息后再试，或拨打客服热线。",
        ErrorServer => "服务暂时出现问题，请稍后点击“重试”。如多次失败，请拨打客服热线。",
        NotFoundTitle => "页面不存在",
        NotFoundBody => "您访问的页面不存在或已移动。",
        BackHome => "返回首页",
    }
}
