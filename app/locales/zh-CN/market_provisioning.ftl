## 云服务商系统开通（market.v1）：$service 为产品名称，原因另行列出

notification-market-provisioned = 您订购的“{ $service }”已由云服务商开通，可以在“我的云服务”中打开使用。
email-market-provisioned-subject = 【一网通办】云服务已开通：{ $service }
email-market-provisioned-body = 您订购的“{ $service }”已由云服务商开通。请登录后在“我的云服务”中点击“打开”进入，无需另设密码。
notification-market-provisioning-failed = 云服务商未能开通“{ $service }”。本单不收费，为订单预留的云服务券补贴已经释放。
email-market-provisioning-failed-subject = 【一网通办】云服务开通失败：{ $service }
email-market-provisioning-failed-body = 很抱歉，云服务商未能开通您订购的“{ $service }”。本单不收取任何费用，为订单预留的云服务券补贴已经释放；您可以重新尝试开通或改订其他产品。
notification-market-operation-failed = 云服务商报告“{ $service }”的一项变更未能完成，请跟进处理。
email-market-operation-failed-subject = 【一网通办】云服务变更未完成：{ $service }
email-market-operation-failed-body = 云服务商报告“{ $service }”的一项变更未能完成。平台上的订阅已经变更，请与云服务商核对并跟进处理。
notification-market-operation-dead = 发往云服务商的“{ $service }”操作已放弃投递，请在云市场管理中查看。
email-market-operation-dead-subject = 【一网通办】云服务商操作投递失败：{ $service }
email-market-operation-dead-body = 发往云服务商的“{ $service }”操作被拒绝或多次投递失败，已停止重试。请在云市场管理中查看并决定重试或放弃。
notification-market-operation-overdue = 云服务商超过承诺的开通时限仍未完成“{ $service }”的操作，已计入其服务水平统计。
email-market-operation-overdue-subject = 【一网通办】云服务商操作超时：{ $service }
email-market-operation-overdue-body = 云服务商超过其承诺的开通时限仍未报告“{ $service }”的操作结果。此次超时已计入其实测服务水平，企业可以免费取消该订单。

market-provisioning-progress = 云服务商进度：{ $message }
market-provisioning-expected = 预计完成时间：{ $time }
market-open-tool = 打开
market-open-tool-hint = 在云服务商的系统中打开“{ $service }”
market-provisioning-overdue = 云服务商已超过承诺的开通时限。您可以继续等待，也可以免费取消本订单。

## 对账：平台与云服务商系统中的订阅逐一核对
market-admin-reconciliation = 与云服务商系统的对账差异
market-reconciliation-hint = 平台每天向云服务商系统查询已开通订阅的状态，并与平台记录逐项比对；下表列出最近发现的差异。
market-reconciliation-none = 最近一次对账没有发现差异。
market-reconciliation-differences = 差异
market-reconciliation-portal = 平台记录
market-reconciliation-vendor = 云服务商记录
market-reconciliation-checked = 核对时间
market-difference-missing = 云服务商系统中没有该订阅
market-difference-generation = 变更版本
market-difference-plan = 套餐
market-difference-quantity = 人数
market-difference-status = 状态

## 实测服务水平：由云服务商系统报告的开通结果计算
market-measured-provisioning = 实测开通时间
market-measured = 中位数 { $median } 分钟，90% 在 { $p90 } 分钟内；按时开通 { $on_time }（共 { $count } 次）
market-measured-none = 暂无实测数据
market-open-tool-sso = 打开后将以您的身份（代表本企业）直接登录云服务商的系统，无需另设密码。
market-tool-address = 工具地址：
