# 云市场：云服务商上架 SaaS 产品，中小企业订购，云服务券补贴部分费用

## 导航和角色
nav-market = 云市场
nav-my-cloud-services = 我的云服务
nav-vendor-console = 云服务商管理台
nav-market-admin = 云市场管理
market-nav = 云市场导航
role-vendor-admin = 云服务商管理员
role-vendor-staff = 云服务商员工
registration-busy = 系统繁忙，暂时无法创建账号，请稍后再试。

## 通用
market-yes = 是
market-no = 否
market-none = 无
market-reason = 原因
market-reason-required = 请填写原因。不同意、退回或暂停时必须说明原因，对方会看到。
market-reason-too-long = 原因最多 1000 个字，且不能包含特殊控制字符，请精简后再提交。

## 产品类别
market-category-network-datacenter = 网络与数据中心
market-category-component-library = 软件组件库
market-category-security-proxy = 安全代理服务
market-category-testing-evaluation = 测试与评估
market-category-training = 培训
market-category-ic-design = 集成电路设计
market-category-software-export = 软件出口
market-category-embedded-multimedia = 嵌入式与多媒体
market-category-accounting = 财务记账
market-category-e-invoicing = 电子发票
market-category-hr-payroll = 人事与薪酬
market-category-office-collaboration = 协同办公

## 计费周期
market-term-month = 月
market-term-year = 年

## 云市场首页（产品目录）
market-title = 云市场
market-lead = 为中小企业提供的云上 SaaS 工具。可按类别查找产品，比较价格和服务承诺；符合条件的企业可用云服务券抵扣部分费用。
market-filter = 筛选产品
market-category = 类别
market-min-price = 每席位月价不低于（元）
market-max-price = 每席位月价不高于（元）
market-mlps-filter = 等保等级
market-mlps-at-least = 等保 { $level } 级及以上
market-trial-filter = 可免费试用
market-voucher-filter = 可用云服务券
market-result-count = 共找到 { $count } 个产品
market-empty = 没有找到符合条件的产品，请换个关键词或减少筛选条件。
market-compare-hint = 勾选要比较的产品（最多 4 个），再点“比较所选产品”。
market-compare-submit = 比较所选产品
market-compare-this = 比较“{ $name }”
market-vendor = 云服务商
market-from-price = 起价
market-per-seat-month = 每席位每月 { $price }
market-mlps = 等保等级
market-mlps-level = 等保 { $level } 级
market-trial = 免费试用
market-trial-yes = 有
market-voucher = 云服务券补贴
market-subsidy-up-to = 最高补贴 { $percent }

## 产品详情和比较
market-product-not-found = 没有找到这个产品
market-back = 返回云市场
market-suspended = 该产品已被平台暂停上架，暂不接受新订单。
market-plans = 方案与价格
market-order-link = 订购
market-facts = 服务承诺与资质
market-plan = 方案
market-term = 计费周期
market-seat-price = 每席位价格
market-price-after-subsidy = 扣除优惠和补贴后
market-seats = 席位数
market-metered = 按量计费
market-trial-days = { $days } 天
market-availability = 可用性承诺
market-provisioning = 开通时限
market-support = 支持响应时限
market-hours = { $hours } 小时内
market-labels = 标签
market-vendor-discount = 云市场优惠
market-subsidy-by = 由“{ $programme }”补贴 { $percent }
market-no-voucher = 不适用云服务券
market-data-in-mainland = 数据存放在中国大陆境内
market-crypto-assessed = 已通过商用密码应用安全性评估
market-subscribers = 订购企业数
market-compare-title = 产品比较
market-compare-empty = 请先在云市场勾选要比较的产品（最多 4 个）。
market-compare-caption = 所选产品的方案、价格和服务承诺
market-plans-prices = 方案：原价 → 扣除优惠和补贴后

## 订购
market-order-title = 订购云服务
market-order-heading = 订购：{ $name }
market-order-forbidden = 只有以企业经办人身份登录的个人账号才能订购云服务，工作人员和云服务商账号不能订购。
market-order-no-enterprise = 只有企业可以订购云服务。请先注册企业，或请企业管理员邀请您成为经办人。
market-order-enterprise = 代表哪家企业订购
market-quantity = 席位数
market-use-voucher = 使用云服务券（符合条件时）
market-order-review = 查看价格明细
market-breakdown = 价格明细
market-list-price = 原价
market-subsidy = 云服务券补贴
market-sme-pays = 企业支付
market-sme-pays-month = 企业每月支付
market-subsidy-month = 每月补贴
market-order-needs-approval = 您是这家企业的经办人，订单须经企业管理员同意后才会开通。
market-order-confirm = 确认订购
market-enterprise-required = 请选择代表哪家企业订购。
market-plan-required = 请选择方案。
market-order-stale = 订单确认信息不完整或已失效。请点“查看价格明细”重新核对价格，再确认订购。
market-plan-unknown = 所选方案不存在，可能已被云服务商修改。请重新选择方案。
market-quantity-out-of-bounds = 席位数不在该方案允许的范围内，请按方案表中的席位数范围填写整数。
market-listing-suspended = 该产品已被平台暂停上架，不能下单或审批同意。请选择其他产品，或等平台恢复上架后再试。
market-listing-changed = 您查看价格后，云服务商发布了新版本，方案或价格可能已变化。请重新查看价格明细，再确认订购。
market-price-changed = 您查看价格后价格发生了变化（云服务券预算或额度已被使用，或产品发布了新版本）。请查看新的价格，再确认订购。
market-no-subsidy-related-party = 贵企业与该云服务商统一社会信用代码相同或法定代表人相同，按规定不能享受云服务券补贴，本订单没有补贴。请核对价格明细后再确认订购。
market-no-subsidy-not-enrolled = 贵企业尚未获准使用适用于该类产品的云服务券，本订单没有补贴。如需补贴，请由企业管理员先在“我的云服务”中申领云服务券；否则请核对价格明细后再确认订购。
market-subsidy-cap-reached = 贵企业本年度云服务券剩余额度不足，补贴只能按剩余额度计算，其余由企业支付。请核对价格明细后再确认订购。
market-subsidy-budget-exhausted = 云服务券项目剩余预算不足，补贴只能按剩余预算计算，其余由企业支付。请核对价格明细后再确认订购。
market-voucher-budget-exhausted = 云服务券项目的预算已经用完，无法为本订单预留补贴。请重新查看价格明细，再确认订购。
market-voucher-movement = 系统无法处理这笔云服务券变动，操作没有完成。请稍后再试；如仍不成功，请拨打 12345 咨询。

## 我的云服务
market-mine-title = 我的云服务
market-subscriptions = 已订阅的服务
market-no-subscriptions = 还没有订阅的服务。
market-orders = 订单
market-no-orders = 没有订单。
market-vouchers = 云服务券
market-no-programmes = 目前没有可以申领的云服务券。
market-product = 产品
market-enterprise = 企业
market-state = 状态
market-term-ends = 本期到期日
market-cap = 每家企业年度额度
market-reserved = 已预留（订单尚未开通）
market-used = 已使用
market-left = 剩余
market-valid-until = 有效期至
market-enrolled = 已获准使用（企业规模：{ $size }）
market-not-admitted = 未获准：按申报的情况属于大型企业，不能使用云服务券。
market-not-enrolled = 尚未申领。
market-enrol-hint = 请按上一年度的数据如实填写。系统按《中小企业划型标准规定》判断企业规模，只有中型、小型和微型企业可以使用云服务券。所属行业不考核的指标可以留空。每家企业只能申领一次，须由企业管理员申领。
market-industry = 所属行业
market-employees = 从业人员（人）
market-revenue = 上年营业收入（万元）
market-total-assets = 资产总额（万元）
market-enrol-submit = 申领云服务券
market-problem-industry = 请选择所属行业。
market-enrol-admin-only = 只有企业管理员可以为企业申领云服务券，请联系贵企业的管理员办理。
market-programme-closed = 这个云服务券项目不在申领期内（尚未开始或已经结束），不能申领。
market-enrol-already = 贵企业已经申领过这个云服务券项目，每家企业只能申领一次。申领结果见本页。

## 企业规模（《中小企业划型标准规定》）
market-size-medium = 中型企业
market-size-small = 小型企业
market-size-micro = 微型企业
market-size-large = 大型企业

## 行业（《中小企业划型标准规定》）
market-industry-agriculture = 农、林、牧、渔业
market-industry-industry = 工业
market-industry-construction = 建筑业
market-industry-wholesale = 批发业
market-industry-retail = 零售业
market-industry-transport = 交通运输业
market-industry-warehousing = 仓储业
market-industry-postal = 邮政业
market-industry-accommodation = 住宿业
market-industry-catering = 餐饮业
market-industry-information-transmission = 信息传输业
market-industry-software-it = 软件和信息技术服务业
market-industry-real-estate-development = 房地产开发经营
market-industry-property-management = 物业管理
market-industry-leasing-business-services = 租赁和商务服务业
market-industry-other = 其他未列明行业

## 订阅详情
market-subscription-title = 订阅详情
market-subscription-not-found = 没有找到这个订阅，或您无权查看。
market-ordered-by = 下单人
market-moves = 可以办理的操作
market-reason-hint = 不同意订单时必须填写原因，其他操作可以不填。填写的原因对方能看到。
market-history = 办理记录
market-order-changed = 您打开页面后，订阅状态已有变化（可能已被他人处理）。请查看最新状态，需要时再操作。

## 订阅状态
subscription-state-awaiting-approval = 待企业管理员审批
subscription-state-awaiting-provisioning = 待云服务商开通
subscription-state-trialing = 试用中
subscription-state-active = 使用中
subscription-state-suspended = 已暂停
subscription-state-cancel-scheduled = 本期结束后退订
subscription-state-provisioning-failed = 开通失败
subscription-state-terminated = 已终止
subscription-state-expired = 已到期
subscription-state-closed = 已关闭

## 订阅操作（按钮）
subscription-move-approve = 同意订购
subscription-move-decline = 不同意
subscription-move-withdraw = 撤回订单
subscription-move-provisioned = 确认已开通
subscription-move-provisioning-failed = 报告开通失败
subscription-move-retry-provisioning = 重新开通
subscription-move-trial-ended = 试用结束
subscription-move-renew = 续订
subscription-move-change-plan = 变更方案
subscription-move-change-quantity = 变更席位数
subscription-move-suspend = 暂停服务
subscription-move-reinstate = 恢复服务
subscription-move-schedule-cancel = 本期结束后退订
subscription-move-undo-cancel = 取消退订
subscription-move-cancel-now = 立即退订
subscription-move-term-ended = 服务期满
subscription-move-expire = 到期停止
subscription-move-close = 关闭
subscription-move-not-allowed = 您不能对这个订阅办理此操作：审批、不同意和退订由企业管理员办理，撤回订单只能由下单人本人办理，开通情况由云服务商报告。
subscription-move-illegal = 订阅当前的状态不允许此操作（可能已被他人处理）。请刷新页面查看最新状态，再选择可以办理的操作。

## 云服务商入驻申请
market-vendor-apply-title = 云服务商入驻申请
market-vendor-apply-lead = 云服务商可以在云市场上架 SaaS 产品，供中小企业订购，部分费用由云服务券补贴。提交申请时会同时创建贵单位的管理员账号；平台审核通过后即可上架产品。
market-vendor-organisation = 单位信息
market-vendor-name = 单位名称
market-contact-name = 联系人
market-contact-email = 联系邮箱
market-declarations = 安全与合规声明
market-vendor-admin-account = 管理员账号
market-vendor-apply-submit = 提交入驻申请
market-mlps-invalid = 请选择等保等级（1 到 4 级）。
market-vendor-registered = 这个统一社会信用代码已经提交过入驻申请。如需查看审核进度，请用申请时创建的管理员账号登录。

## 云服务商管理台
market-vendor-console = 云服务商管理台
market-vendor-status-pending = 待审核
market-vendor-status-approved = 已通过
market-vendor-status-refused = 未通过
market-vendor-listings = 我的产品
market-listing-new = 上架新产品
market-vendor-no-listings = 还没有产品。
market-published-version = 已发布版本
market-review-state = 审核状态
market-suspended-short = 已暂停
market-vendor-subscriptions = 产品订购情况
market-vendor-staff = 员工账号
market-vendor-staff-add = 添加员工账号
market-vendor-not-approved = 贵单位的入驻申请尚未通过审核，暂不能上架或修改产品。审核结果会显示在云服务商管理台。
market-vendor-admin-only = 只有云服务商管理员可以添加员工账号，请联系贵单位的管理员。

## 上架审核状态
market-review-draft = 草稿
market-review-submitted = 审核中
market-review-returned = 已退回修改

## 编辑产品
market-listing-editor = 编辑产品
market-listing-not-found = 没有找到这个产品或版本
market-returned-because = 平台退回了这个版本，原因如下。请修改后重新提交审核。
market-listing-under-review = 这个版本正在审核中，审核结束前不能修改。审核通过或被退回后，可以继续编辑。
market-listing-submit = 提交审核
market-listing-product = 产品信息
market-name-zh = 中文名称
market-name-en = 英文名称
market-summary-zh = 中文简介
market-summary-en = 英文简介
market-description-zh = 中文详细介绍
market-description-en = 英文详细介绍
market-labels-hint = 最多 10 个，每个不超过 20 个字，用逗号或顿号分隔。
market-sla = 服务承诺
market-availability-percent = 可用性承诺（%）
market-provisioning-hours = 开通时限（小时）
market-support-hours = 支持响应时限（小时）
market-vendor-discount-percent = 云市场优惠（%）
market-vendor-discount-hint = 给云市场买家的折扣，在补贴之前扣减，最多 50%。不打折请填 0 或留空。
market-plan-n = 方案 { $n }
market-plan-code = 方案编码
market-plan-code-hint = 以小写字母开头，只用小写字母、数字、_ 和 -，最多 32 个字符，例如 basic。用不到的方案留空即可。
market-seat-price-yuan = 每席位每期价格（元）
market-min-seats = 最少席位数
market-max-seats = 最多席位数
market-trial-days-label = 免费试用天数（0 到 90，不提供试用填 0）
market-cancel-anytime = 允许随时退订
market-metered-code = 按量计费项编码（选填）
market-metered-unit-zh = 计量单位（中文），例如“千次调用”
market-metered-unit-en = 计量单位（英文）
market-metered-price = 每计量单位价格（元）
market-listing-save = 保存草稿
market-listing-nothing-to-submit = 没有可以提交审核的草稿：修改已经提交或已经审核。请先修改并保存，再提交审核。

## 产品内容的问题（显示在对应的输入框旁）
market-problem-name-length = 请填写名称，最多 80 个字。
market-problem-summary-length = 请填写简介，最多 200 个字。
market-problem-description-length = 请填写详细介绍，最多 4000 个字。
market-problem-plan-count = 请填写至少 1 个、最多 6 个方案。
market-problem-plan-code = 方案编码应以小写字母开头，只用小写字母、数字、_ 和 -，最多 32 个字符。
market-problem-plan-code-duplicate = 方案编码重复，每个方案的编码必须不同。
market-problem-plan-name = 请填写方案名称，最多 40 个字。
market-problem-seat-price = 每席位价格应在 0 到 1 亿元之间。
market-problem-plan-seats = 席位数应为 1 到 100000 的整数，最多席位数不能少于最少席位数。
market-problem-trial-days = 免费试用天数应为 0 到 90 天。
market-problem-metered-count = 每个方案最多 5 个按量计费项。
market-problem-metered-code = 计费项编码应以小写字母开头，只用小写字母、数字、_ 和 -，最多 32 个字符。
market-problem-metered-code-duplicate = 同一方案中的计费项编码不能重复。
market-problem-metered-unit = 请填写计量单位，最多 20 个字。
market-problem-metered-price = 每计量单位价格应大于 0 元，最多 10 万元。
market-problem-availability = 可用性承诺应在 90% 到 100% 之间。
market-problem-provisioning-hours = 开通时限应为 1 到 720 小时。
market-problem-support-hours = 支持响应时限应为 1 到 168 小时。
market-problem-label-count = 标签最多 10 个。
market-problem-label-length = 每个标签最多 20 个字。
market-problem-label-duplicate = 标签不能重复。
market-problem-vendor-discount = 云市场优惠最多 50%。
market-problem-category = 请选择产品类别。
market-problem-term = 请选择计费周期。
market-problem-number = 请填写有效的整数：只用数字，不带单位或小数点，并在允许的范围内。
market-problem-money = 请填写有效的金额：只用数字，不带单位，最多两位小数，并在允许的范围内。
market-problem-percent = 请填写百分比的数值，例如 99.95，最多两位小数。

## 上架审核（平台运营人员）
market-review-title = 上架审核
market-review-changes = 与已发布的第 { $version } 版相比的修改
market-review-first = 首次上架，没有已发布的版本可以比较
market-review-no-changes = 与已发布的版本相比没有修改。
market-review-changes-caption = 修改内容
market-review-field = 字段
market-review-before = 修改前
market-review-after = 修改后
market-review-content = 本版本的完整内容
market-cheapest = 最低每席位价格
market-review-decision = 审核决定
market-review-reason-hint = 退回时必须写明需要修改的内容，云服务商会看到；通过时可以不填。
market-approve = 通过
market-return = 退回修改
market-review-stale = 这个版本已不在待审核状态（可能已被其他工作人员审核）。请返回云市场管理页查看最新情况。

## 云市场管理（平台运营人员）
market-admin-title = 云市场管理
market-admin-vendors = 云服务商入驻申请
market-refuse = 不予通过
market-vendor-already-decided = 这家云服务商的入驻申请已经审核过（可能已被其他工作人员处理），不能重复审核。
market-admin-reviews = 待审核的上架版本
market-admin-no-reviews = 没有待审核的版本。
market-admin-first-version = 首次上架
market-admin-listings = 已上架的产品
market-admin-suspension = 暂停或恢复上架
market-admin-suspend = 暂停上架
market-admin-lift = 恢复上架
market-live = 正常上架
market-listing-already-so = 这个产品已经是该状态（可能刚被他人处理），无需重复操作。请刷新页面查看。
market-admin-programmes = 云服务券项目
market-budget = 预算总额
market-valid = 有效期
market-enrolled-count = 已获准企业数
market-categories = 适用类别和补贴比例
market-programme-create = 新建云服务券项目
market-budget-yuan = 预算总额（元，整数）
market-cap-yuan = 每家企业年度额度（元，整数）
market-valid-from = 有效期自
market-holding-days = 最短使用天数（在此之前退订将收回补贴）
market-subsidy-by-category = 各类别补贴比例
market-subsidy-by-category-hint = 填写补贴占扣除云市场优惠后价格的百分比（1 到 100 的整数），不补贴的类别留空。
market-programme-name = 名称应为 2 到 100 个字。
market-date-invalid = 请按“年-月-日”填写日期，例如 2026-12-31。
market-date-order = 结束日期不能早于开始日期。
market-subsidy-percent = 补贴比例应为 1 到 100 的整数；不补贴的类别请留空。
market-programme-no-category = 请至少为一个产品类别填写补贴比例。

## 操作后的提示
notice-vendor-applied = 入驻申请已提交，您已用管理员账号登录。平台审核通过后即可上架产品，审核结果会显示在本页。
notice-vendor-staff-added = 员工账号已创建，请把用户名和初始密码告知本人。
notice-vendor-decided = 已对入驻申请作出审核决定。
notice-listing-saved = 草稿已保存。确认无误后，请提交审核。
notice-listing-submitted = 已提交审核。审核期间不能修改；已发布的版本照常展示。
notice-listing-reviewed = 已对上架版本作出审核决定。
notice-listing-suspension = 产品的上架状态已更新。
notice-programme-created = 云服务券项目已创建。
notice-order-placed = 订单已提交，当前状态见本页。经办人下的订单须经企业管理员同意后才会开通。
notice-subscription-moved = 操作已完成，订阅状态已更新。
notice-enrolled = 申领成功：按申报的情况，贵企业属于中小企业，可以使用云服务券。
notice-enrol-not-sme = 申报已记录：按申报的情况，贵企业属于大型企业，不能使用云服务券。

## 站内通知：$service 为产品名称（云市场订单没有办件编号）
notification-market-order-awaiting-approval = 贵企业的经办人在云市场订购了“{ $service }”，等待您审批。
notification-market-order-approved = 您订购的“{ $service }”已获企业管理员同意，正在等待云服务商开通。
notification-market-order-declined = 您订购的“{ $service }”未获企业管理员同意，订单已关闭。

## 电子邮件：$service 为产品名称（云市场订单没有办件编号，原因由 email-reason 另行列出）
email-market-order-awaiting-approval-subject = 【一网通办】云市场订单待您审批：{ $service }
email-market-order-awaiting-approval-body = 贵企业的经办人在云市场订购了“{ $service }”。订单须经您（企业管理员）同意后才会开通，请登录查看订单并作出决定。
email-market-order-approved-subject = 【一网通办】云市场订单已获同意：{ $service }
email-market-order-approved-body = 您订购的“{ $service }”已获企业管理员同意，正在等待云服务商开通。开通后可以在“我的云服务”中查看。
email-market-order-declined-subject = 【一网通办】云市场订单未获同意：{ $service }
email-market-order-declined-body = 很抱歉，您订购的“{ $service }”未获企业管理员同意，订单已关闭；如使用了云服务券，为订单预留的补贴已经释放。

## 变更套餐与续订
market-change-title = 变更套餐或人数
market-change-hint = 升级（每月费用更高）立即生效；降级在下次续订时生效。本次订单使用的云服务券只补贴首个订购期。
market-change-submit = 提交变更
market-change-pending = 已申请降级为“{ $plan }”（{ $seats } 人），将在下次续订时生效。
market-change-nothing = 所选套餐和人数与现在相同，无需变更。
notice-plan-changed = 套餐已变更，立即生效；已通知云服务商。
notice-plan-change-pending = 降级申请已记录，将在下次续订时生效。
notification-market-renewal-reminder = 您订阅的“{ $service }”将于 { $number } 到期并自动续订；如需变更或取消，请在到期前处理。
email-market-renewal-reminder-subject = 【一网通办】云服务即将续订：{ $service }
email-market-renewal-reminder-body = 您订阅的“{ $service }”将于 { $case_number } 到期并自动续订。如需变更套餐或取消订阅，请在到期前登录“我的云服务”处理。

## 评价
market-ratings = 用户评价
market-ratings-none = 暂无评价。
market-ratings-average = 平均 { $average } 分（满分 5 分，共 { $count } 条评价）
market-rate-title = 评价这项云服务
market-rate-score = 评分
market-rate-stars = { $score } 分
market-rate-comment = 评价内容（选填，最多 500 字）
market-rate-submit = 提交评价
market-rating-score = 请选择 1 到 5 分。
market-rating-comment-long = 评价内容最多 500 字，请精简后再提交。
market-rating-already = 这项订阅已经评价过了，每项订阅只能评价一次。
notice-subscription-rated = 感谢您的评价，已显示在产品页面。
market-rating-too-early = 服务使用满 30 天后才能评价，以便评价反映实际使用体验。
