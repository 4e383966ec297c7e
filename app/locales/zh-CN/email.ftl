## E-mail notifications (server/src/notifications). One subject and one body per template;
## $case_number, $service (the service's name in the mail's language) and $reason are given.

email-greeting = 您好：
email-reason = 原因：{ $reason }
email-follow = 查看办件详情和办理进度：
email-footer = 此邮件由系统自动发送，请勿直接回复。如有疑问，请拨打政务服务热线 12345。

email-case-submitted-subject = 【一网通办】办件 { $case_number } 已提交
email-case-submitted-body = 您申请的“{ $service }”（办件编号 { $case_number }）已提交，正等待部门受理。

email-case-accepted-subject = 【一网通办】办件 { $case_number } 已受理
email-case-accepted-body = 您申请的“{ $service }”（办件编号 { $case_number }）已受理，办理时限自受理次日起计算。

email-case-refused-at-intake-subject = 【一网通办】办件 { $case_number } 不予受理
email-case-refused-at-intake-body = 很抱歉，您申请的“{ $service }”（办件编号 { $case_number }）不予受理。

email-case-supplement-requested-subject = 【一网通办】办件 { $case_number } 需要补正材料
email-case-supplement-requested-body = 您申请的“{ $service }”（办件编号 { $case_number }）需要补正材料，请按要求补充后重新提交。

email-case-resubmitted-subject = 【一网通办】办件 { $case_number } 已重新提交
email-case-resubmitted-body = 您申请的“{ $service }”（办件编号 { $case_number }）已补正并重新提交，正等待部门审查。

email-case-supplement-withdrawn-subject = 【一网通办】办件 { $case_number } 无需补正
email-case-supplement-withdrawn-body = 您申请的“{ $service }”（办件编号 { $case_number }）的补正要求已由部门撤回，无需补正，办件继续办理。

email-case-approved-subject = 【一网通办】办件 { $case_number } 已办结：准予许可
email-case-approved-body = 您申请的“{ $service }”（办件编号 { $case_number }）已审批通过，准予许可。

email-case-certificate-issued-subject = 【一网通办】办件 { $case_number } 的电子证照已签发
email-case-certificate-issued-body = 您申请的“{ $service }”（办件编号 { $case_number }）的电子证照已签发，已放入您的证照夹。

email-case-denied-subject = 【一网通办】办件 { $case_number } 已办结：不予许可
email-case-denied-body = 很抱歉，您申请的“{ $service }”（办件编号 { $case_number }）经审查不予许可。

email-case-withdrawn-subject = 【一网通办】办件 { $case_number } 已撤回
email-case-withdrawn-body = 您申请的“{ $service }”（办件编号 { $case_number }）已撤回。

# Any template without its own messages.
email-generic-subject = 【一网通办】办件 { $case_number } 状态已更新
email-generic-body = 您申请的“{ $service }”（办件编号 { $case_number }）状态已更新。
email-case-overdue-subject = 【一网通办】办件 { $case_number } 已超期
email-case-overdue-body = 办件 { $case_number }（{ $service }）已超过承诺办结期限（{ $reason }），请督办。
email-case-assigned-subject = 【一网通办】办件 { $case_number } 已分派给您
email-case-assigned-body = 办件 { $case_number }（{ $service }）已分派给您办理。
email-case-message-subject = 【一网通办】办件 { $case_number } 有新的部门留言
email-case-message-body = 您申请的“{ $service }”（办件编号 { $case_number }）有一条部门留言，请登录查看。
