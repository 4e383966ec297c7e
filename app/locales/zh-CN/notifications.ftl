# 站内通知（/notifications）和账户的联系邮箱

nav-notifications = 通知
notifications-title = 通知
notifications-intro = 这里列出最近 100 条通知。打开办件也会把它的通知标为已读。
notifications-none = 暂无通知。
notifications-unread-count = 未读 { $count } 条
notifications-mark-all-read = 全部标为已读
notifications-unread-tag = 未读
notifications-unread-hidden = 未读通知：
notifications-reason = 原因：{ $reason }
notice-notifications-read = 已将全部通知标为已读。

## 一条通知的文字：$number 为办件编号，$service 为事项名称。没有专门文字的模板使用 notification-generic。
notification-case-submitted = 您申请的“{ $service }”（办件编号 { $number }）已提交，正等待部门受理。
notification-case-accepted = 您申请的“{ $service }”（办件编号 { $number }）已受理。
notification-case-refused-at-intake = 您申请的“{ $service }”（办件编号 { $number }）不予受理。
notification-case-supplement-requested = 您申请的“{ $service }”（办件编号 { $number }）需要补正材料。
notification-case-resubmitted = 您申请的“{ $service }”（办件编号 { $number }）已补正并重新提交。
notification-case-supplement-withdrawn = 您申请的“{ $service }”（办件编号 { $number }）的补正要求已由部门撤回，无需补正，办件继续办理。
notification-case-approved = 您申请的“{ $service }”（办件编号 { $number }）已办结：准予许可。
notification-case-certificate-issued = 您申请的“{ $service }”（办件编号 { $number }）的电子证照已签发，已放入您的证照夹。
notification-case-denied = 您申请的“{ $service }”（办件编号 { $number }）已办结：不予许可。
notification-case-withdrawn = 您申请的“{ $service }”（办件编号 { $number }）已撤回。
notification-generic = 您申请的“{ $service }”（办件编号 { $number }）状态已更新。

## 账户页的联系邮箱
account-email-title = 电子邮箱
account-email = 电子邮箱
account-email-hint = 办件状态有变化时，我们会发邮件到这个地址。留空并保存即删除邮箱，不再发送邮件。
account-email-current = 当前邮箱
account-email-none = 未设置（不发送邮件通知）
account-email-save = 保存邮箱
email-invalid = 请输入有效的电子邮箱地址，例如 name@example.com。
email-too-long = 电子邮箱地址不能超过 254 个字符。
notice-email-saved = 电子邮箱已保存，办件有变化时会发邮件通知您。
notice-email-cleared = 电子邮箱已删除，今后不再发送邮件通知。
notification-case-overdue = 办件 { $number }（{ $service }）已超过承诺办结期限，请督办。
notification-case-assigned = 办件 { $number }（{ $service }）已分派给您办理。
notification-case-message = 您申请的“{ $service }”（办件编号 { $number }）有一条部门留言。
