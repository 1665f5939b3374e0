namespace SharingLedger.WebConsole;

/// <summary>
/// The console's words in Simplified Chinese, keyed by the English text the pages are written in (so a page reads plainly in
/// its source, and a text without a translation shows in English rather than as a key). Kept as code, not satellite resource
/// assemblies: the service runs with invariant globalization, where a zh-CN CultureInfo cannot be created (ConsoleFormat).
/// </summary>
public static class Texts
{
    public static string For(ConsoleLanguage language, string english) =>
        !language.IsChinese ? english
        : Chinese.TryGetValue(english, out var zh) || TextsPages.Chinese.TryGetValue(english, out zh) ? zh : english;

    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["0–30 days"] = "0–30 天", ["31–60 days"] = "31–60 天", ["61–90 days"] = "61–90 天", ["over 90 days"] = "90 天以上",
        ["A payment is recorded once per bank reference."] = "同一银行流水号的付款只记录一次。",
        ["API key"] = "API 密钥", ["Action"] = "操作", ["Agreement version"] = "协议版本", ["agreement version"] = "协议版本",
        ["Amount"] = "金额",
        ["An operator key runs the platform through the API. Sign in with a key of your consortium."] = "运营方密钥仅用于通过 API 管理平台。请使用本联盟的密钥登录。",
        ["As of"] = "截至", ["as of"] = "截至", ["Assessed to date"] = "迄今应缴", ["Assessed"] = "应缴", ["Balance due"] = "应付余额", ["Balance"] = "余额",
        ["Balanced"] = "已平衡", ["Balances per member, with ageing of what is outstanding"] = "各成员余额及未付款账龄", ["Balances"] = "余额",
        ["Bank reference"] = "银行流水号", ["Capped at"] = "封顶金额", ["Chain verification"] = "哈希链校验",
        ["Choose the member who paid."] = "请选择付款的成员。", ["Choose…"] = "请选择…", ["Close"] = "结账",
        ["Closing a month publishes the hash chain's digest; a fact dated in a closed month posts as an adjustment in the first open one."] =
            "结账会公布哈希链摘要；日期落在已结账月份的事项，将作为调整计入第一个未结账月份。",
        ["Code"] = "代码", ["Contracted price"] = "合同价格", ["Contribution balances"] = "会费余额", ["Cost"] = "费用", ["Credit"] = "贷方",
        ["Credits"] = "抵免", ["Currency"] = "币种", ["Dashboard"] = "总览", ["Date"] = "日期", ["Days taking part"] = "参与天数", ["Debit"] = "借方",
        ["Each member's share, explained"] = "各成员分摊额及说明", ["Enter a date such as 2026-03-31."] = "请输入日期，例如 2026-03-31。",
        ["Enter the amount received, such as 12000.00."] = "请输入收到的金额，例如 12000.00。", ["Enter the bank's reference for the payment."] = "请输入该笔付款的银行流水号。",
        ["Enter the date the money arrived."] = "请输入到账日期。", ["Enter your API key."] = "请输入您的 API 密钥。", ["Events checked"] = "已校验事件数",
        ["Every stored event is chained to the one before it by SHA-256. Verifying walks the whole chain from its first event and names the first event that does not match."] =
            "每个已存储的事件都通过 SHA-256 与前一个事件相链接。校验会从第一个事件起遍历整条链，并指出第一个不匹配的事件。",
        ["Exact amount before rounding"] = "舍入前的精确金额", ["First event that does not match"] = "第一个不匹配的事件", ["Fiscal periods"] = "会计期间",
        ["Fiscal year"] = "财年", ["History"] = "记录", ["How it was worked out"] = "计算方式", ["How the cost is split"] = "费用分摊", ["In"] = "币种",
        ["Inputs"] = "依据", ["Invoice"] = "发票", ["Invoiced by vendors"] = "供应商开票", ["Item"] = "项目", ["Items"] = "项目数", ["Kind"] = "类型",
        ["Language"] = "语言", ["Main"] = "主菜单", ["Member statement"] = "成员对账单", ["Member"] = "成员",
        ["Members of the consortium, with their obligations and statements"] = "联盟成员及其应付款和对账单",
        ["Members with amounts overdue (older than 30 days)"] = "有逾期款项（超过 30 天）的成员", ["Members"] = "成员", ["Name"] = "名称",
        ["No member has anything outstanding."] = "没有成员有未付款项。", ["No shared subscriptions yet."] = "尚无共享订购。", ["Not allowed"] = "无权访问",
        ["Not found"] = "未找到", ["Not split yet: the split follows the vendor invoice."] = "尚未分摊：收到供应商发票后分摊。", ["Not yet chained"] = "尚未入链",
        ["Nothing is overdue."] = "没有逾期款项。", ["Nothing is owed for this year."] = "本年度无应付款项。", ["Obligations"] = "应付款项", ["Open items"] = "未结项目",
        ["Opening balance"] = "期初余额", ["Original"] = "原始金额", ["Outstanding by age"] = "未付款账龄", ["Outstanding by age, per member"] = "各成员未付款账龄",
        ["Outstanding"] = "未付", ["Overdue"] = "逾期", ["Pages"] = "页面", ["Paid to date"] = "迄今已付", ["Paid"] = "已付", ["Payment recorded"] = "付款已记录",
        ["Period digests checked"] = "已校验期间摘要数", ["Period"] = "期间", ["Periods"] = "会计期间", ["Phase-in year"] = "分阶段年度",
        ["Postings with the running balance (positive: the member owes the consortium)"] = "过账明细及滚动余额（正数：成员欠联盟）",
        ["Raised to the floor"] = "提高至下限", ["Reason for reopening"] = "重新开账原因", ["Received on"] = "到账日期", ["Record a payment"] = "记录付款",
        ["Record the payment"] = "记录此笔付款", ["Reopen"] = "重新开账", ["Result"] = "结果", ["Rounding"] = "舍入", ["Rule"] = "规则",
        ["Share of the cost"] = "分摊比例", ["Share"] = "分摊额", ["Shared costs of the year against their invoices"] = "本年度共享费用与发票核对",
        ["Shared subscriptions"] = "共享订购", ["Shares billed to members"] = "向成员开具的分摊额", ["Shares billed"] = "已开分摊额", ["Sharing term"] = "分摊条款",
        ["SharingLedger: the consortium's ledger. Every figure is explained; amounts carry their currency."] = "SharingLedger：联盟账本。每个数字都有说明；金额均标明币种。",
        ["Show"] = "显示",
        ["Sign in with the API key your consortium's administrator gave you. The session ends after 20 minutes without activity, or when you sign out."] =
            "请使用联盟管理员发给您的 API 密钥登录。闲置 20 分钟或退出登录后，会话即结束。",
        ["Sign in"] = "登录", ["Sign out"] = "退出登录", ["Skip to content"] = "跳到正文", ["Split"] = "分摊", ["Statement"] = "对账单", ["Status"] = "状态",
        ["Still open"] = "未结金额", ["Subscriptions"] = "订购", ["Term"] = "期限",
        ["The chart shows the members owing most; the table below has every member and the same figures."] = "图表显示欠款最多的成员；下表列出全部成员及相同数字。",
        ["The key is checked like an API call; it is never stored in your browser."] = "密钥按 API 调用的方式校验，不会保存在您的浏览器中。",
        ["The payment is allocated to the member's open items, oldest first; any rest is held on account."] = "付款按时间先后冲抵该成员的未结项目；余款记入预收账户。",
        ["The payment was not recorded."] = "付款未记录。", ["The period is closed."] = "该期间已结账。", ["The period is open again; the reason is recorded."] = "该期间已重新开账，原因已记录。",
        ["There is nothing here, or it is not yours to see."] = "此处没有内容，或您无权查看。", ["This key is not known, or it has been revoked."] = "该密钥不存在或已被撤销。",
        ["To print or save as PDF, use your browser's print command: the page is laid out for A4."] = "如需打印或保存为 PDF，请使用浏览器的打印功能：本页按 A4 排版。",
        ["Total for the year"] = "全年合计", ["Total outstanding"] = "未付合计", ["Total"] = "合计", ["Totals"] = "合计", ["Vendor"] = "供应商",
        ["Verified through"] = "已校验至", ["Verify the chain now"] = "立即校验哈希链",
        ["The figures kept from the events are recomputed and compared too. For a consortium of 2,000 members sharing 100 subscriptions this takes about twenty seconds; the result appears below when it is done."] =
            "由事件得出并保存的数据也会重新计算并比对。一个有 2,000 个成员、共享 100 个订购的联盟约需二十秒；完成后结果显示在下方。", ["What it is for"] = "事由",
        ["What the member owes for the year, item by item"] = "成员本年度应付款项明细", ["Your role may not use this page. The menu shows what you may do."] = "您的角色无权使用此页面。菜单中列出了您可以使用的功能。",
        ["adjusts closed period"] = "调整已结账期间", ["chain"] = "链", ["largest remainder, once, so the shares add up to the total"] = "最大余数法，仅舍入一次，使各分摊额之和等于总额",
        ["no"] = "否", ["yes"] = "是", ["none: the exact amount is already whole"] = "无：精确金额已是整数", ["not invoiced"] = "未开票", ["not over yet"] = "尚未结束",
        ["revision"] = "修订", ["shared costs with their vendor invoice"] = "已收到供应商发票的共享费用", ["shortfall to the central fund"] = "由中央基金承担的差额",
        ["with at most its decimals, e.g. 12000.00"] = "小数位不超过该币种的位数，例如 12000.00",
        ["The ledger refused this."] = "账本拒绝了此操作。",
        ["Figures recomputed from the events"] = "由事件重新计算的数据", ["Figure"] = "数据", ["Checked"] = "已核对", ["First that differs"] = "第一处不一致",
        ["all match"] = "全部一致", ["What repairs it"] = "如何修复",
        // The verification's reasons (Audit/BreakReason): {0}, {1}… are the values found, in the same order.
        ["The chain has a link for this sequence but the event is no longer stored."] = "哈希链在此序号有链接，但对应的事件已不在存储中。",
        ["The event has no link in the chain."] = "该事件在哈希链中没有链接。",
        ["The link was made for event {0}, not this one."] = "该链接是为事件 {0} 生成的，而不是此事件。",
        ["The link does not follow the previous link."] = "该链接未接续上一个链接。",
        ["The event's data or metadata no longer match the hash recorded for it."] = "该事件的数据或元数据与其记录的哈希值不再一致。",
        ["The digest published when period {0} of consortium {1} was closed does not match the chain at this sequence: the history up to here was rewritten, or the closing's digest was altered."] =
            "联盟 {1} 在关闭会计期间 {0} 时公布的摘要与此序号处的哈希链不一致：此前的历史被改写，或关闭时的摘要被篡改。",
        ["The chain has stopped: {0} events recorded more than {1} s ago are not chained yet (the first at sequence {2}). Changes to them would go undetected until the chain catches up; check the service's log for the projection error."] =
            "哈希链已停止：{0} 个记录超过 {1} 秒的事件尚未入链（第一个序号为 {2}）。在哈希链赶上之前，对这些事件的改动无法被发现；请查看服务日志中的投影错误。",
        ["The event's posting is missing."] = "该事件的过账记录缺失。",
        ["The posting's columns are missing."] = "该过账记录的数据列缺失。",
        ["No event makes this posting: it was added or its event is gone."] = "没有任何事件产生此过账记录：它是被添加的，或其事件已不存在。",
        ["The posting's {0} is stored as '{1}'; recomputed from its event it is '{2}'."] = "该过账记录的 {0} 存储为“{1}”；由其事件重新计算为“{2}”。",
        ["The posting's {0} column is stored as '{1}'; recomputed from its event it is '{2}'."] = "该过账记录的 {0} 列存储为“{1}”；由其事件重新计算为“{2}”。",
        ["The running total '{0}' is stored as {1}; added up from the postings it is {2}."] = "累计数“{0}”存储为 {1}；由过账记录汇总为 {2}。",
        ["{0} requests counted towards the quota are stored; the loans' snapshots count {1}."] = "存储的计入配额的申请为 {0} 笔；借阅快照统计为 {1} 笔。",
        ["The loan's charge is missing from the month's charges."] = "该借阅的费用未出现在当月费用中。",
        ["A month's charge is stored that no loan's charge document gives."] = "存储了一笔当月费用，但没有任何借阅的费用记录产生它。",
        ["The month's charge differs from the loan's charge document."] = "当月费用与该借阅的费用记录不一致。",
        ["The loan's lending facts are missing."] = "该借阅的借出信息缺失。",
        ["Lending facts are stored for no loan."] = "存储了不属于任何借阅的借出信息。",
        ["The loan's stored lending facts differ from its snapshot."] = "该借阅存储的借出信息与其快照不一致。",
        ["It is not stored, though its snapshot gives it."] = "未存储，但其快照包含此项。",
        ["It is stored, though its snapshot does not give it."] = "已存储，但其快照不包含此项。",
        ["It is stored differently from what its snapshot gives."] = "存储的内容与其快照给出的不一致。",

        ["Once you have decided that the events are right and the figure was damaged, an operator rebuilds it from the events with this command; then verify again."] =
            "确认事件无误、该数据已损坏后，由运维人员用以下命令从事件重建该数据，然后再次校验。",
        ["Postings"] = "记账分录", ["Members' running totals"] = "成员累计余额", ["Items' running totals"] = "款项累计余额",
        ["Loan charges by month"] = "按月借阅费用", ["Borrowers' requests by month"] = "借阅馆按月申请数", ["Loans' lending facts"] = "借阅明细",
        ["Members' dues items"] = "成员会费明细", ["Members' subscription shares"] = "成员订购分摊明细", ["Members' subscription lists"] = "成员订购列表",
        ["Members' joint procurement shares"] = "成员联合采购分摊明细", ["Members' monthly clearing items"] = "成员月度清算明细",
        ["derived figures differ"] = "派生数据不一致",
        [WebConsole.Pages.Staff.VerificationModel.CatchingUpText] =
            "哈希链正在追赶（例如在大批量导入之后），仍在推进。记录于 {1} 秒之前、尚待入链的事件：{0} 个。已入链的部分完整；待其追上后请再次校验，以覆盖这些事件。",
        // Words the ledger's figures carry: kinds of obligation, rules, bases, statuses, methods and the API's field messages
        ["dues"] = "会费", ["subscription"] = "订购", ["procurement"] = "联合采购", ["lending"] = "馆际互借", ["clearing"] = "清算", ["reimbursement"] = "补偿",
        ["inKind"] = "实物贡献", ["equal"] = "平均分摊", ["proportional"] = "按比例", ["weighted"] = "加权", ["fixed"] = "固定比例", ["banded"] = "分档",
        ["Fte"] = "全时当量", ["Population"] = "服务人口", ["Budget"] = "文献购置经费", ["Usage"] = "使用量",
        ["Academic"] = "高校", ["Public"] = "公共", ["School"] = "中小学", ["Special"] = "专业", ["Enterprise"] = "企业",
        ["open"] = "未结账", ["closed"] = "已结账", ["reopened"] = "重新开账", ["intact"] = "完整", ["stalled"] = "已停滞", ["broken"] = "已损坏",
        ["apportioned"] = "整期分摊", ["prorated"] = "按天分摊",
        ["Required."] = "必填。", ["Required (yyyy-MM-dd)."] = "必填（yyyy-MM-dd）。",
    };
}
