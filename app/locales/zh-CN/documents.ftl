## Documents: the printable receipt, the public e-certificate verification page and the wallet.

## E-certificate status
doc-status-valid = 有效
doc-status-expired = 已过期
doc-status-revoked = 已注销

## Verification (public)
doc-verify-title = 电子证照核验
doc-verify-lead = 输入电子证照上的核验码，或扫描证照上的二维码，核验证照的真实性和当前状态。
doc-verify-code-label = 核验码
doc-verify-code-hint = 16 位字母和数字，不区分大小写，可含空格或连字符。
doc-verify-button = 核验
doc-verify-result = 核验结果
doc-verify-genuine = 该电子证照由本平台签发。
doc-verify-not-found-title = 未找到电子证照
doc-verify-not-found = 没有核验码为 { $code } 的电子证照。请检查核验码是否输入正确。
doc-verify-privacy = 为保护个人信息，持证人姓名和证件号码已部分隐藏。

## Certificate facts
doc-cert-name = 证照名称
doc-cert-holder = 持证人
doc-cert-holder-id = 持证人证件号码
doc-cert-issued-on = 签发日期
doc-cert-valid-until = 有效期至
doc-cert-no-expiry = 长期有效
doc-cert-status = 状态
doc-cert-code = 核验码
doc-cert-qr = 核验二维码，链接到 { $url }
doc-cert-verify-link = 在线核验

## Wallet
doc-wallet-title = 我的电子证照
doc-wallet-lead = 您本人和您代办企业的电子证照。办理其他事项时，可直接引用这些证照，无需再上传。
doc-wallet-caption = 电子证照（共 { $count } 个）
doc-wallet-empty = 您还没有电子证照。办结签发证照的事项后，证照会出现在这里。

## Receipt
doc-receipt-title = 受理回执
doc-receipt-lead = 您的申请已提交至{ $department }，请妥善保存本回执。
doc-receipt-print-hint = 使用浏览器的打印功能（Ctrl+P）打印本回执或保存为 PDF。
doc-receipt-case = 办件信息
doc-receipt-case-number = 办件编号
doc-receipt-service = 事项名称
doc-receipt-department = 办理部门
doc-receipt-state = 当前状态
doc-receipt-applicant = 申请人
doc-receipt-id-number = 证件号码
doc-receipt-enterprise = 申报企业
doc-receipt-credit-code = 统一社会信用代码
doc-receipt-submitted-at = 提交时间
doc-receipt-deadline = 承诺时限
doc-receipt-deadline-not-started = 受理后 { $days } 个工作日内办结
doc-receipt-deadline-due = 承诺 { $due } 前办结
doc-receipt-deadline-paused = 补正期间暂停计时，补正后还剩 { $days } 个工作日
doc-receipt-deadline-closed = 办理已结束（{ $at }）
doc-receipt-deadline-stopped = 办理已结束
doc-receipt-materials = 提交的材料
doc-receipt-materials-caption = 提交的材料（共 { $count } 项）
doc-receipt-material = 材料名称
doc-receipt-file = 文件
doc-receipt-size = 大小
doc-receipt-from-wallet = 电子证照：{ $name }（核验码 { $code }）
doc-receipt-no-materials = 未提交材料。
doc-receipt-certificate = 签发的电子证照
doc-receipt-verify-at = 扫描二维码或访问以下地址核验：
doc-receipt-follow = 查询办理进度
doc-receipt-follow-text = 登录后访问以下地址，随时查看办理进度：
doc-receipt-generated = 本回执生成于 { $at }（北京时间）。
