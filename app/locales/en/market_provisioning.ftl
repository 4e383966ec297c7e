## Provisioning in the vendors' systems (market.v1): $service is the product's name; reasons are listed separately

notification-market-provisioned = Your order for “{ $service }” has been set up by the cloud vendor. Open it from “My cloud services”.
email-market-provisioned-subject = Cloud service ready: { $service }
email-market-provisioned-body = Your order for “{ $service }” has been set up by the cloud vendor. Sign in and choose “Open” under “My cloud services”; no separate password is needed.
notification-market-provisioning-failed = The cloud vendor could not set up “{ $service }”. Nothing is charged for this order, and any voucher subsidy reserved for it has been released.
email-market-provisioning-failed-subject = Cloud service could not be set up: { $service }
email-market-provisioning-failed-body = We are sorry: the cloud vendor could not set up your order for “{ $service }”. Nothing is charged for it, and any cloud service voucher subsidy reserved for it has been released. You may retry or order another product.
notification-market-operation-failed = The cloud vendor reports that a change to “{ $service }” could not be made. Please follow it up.
email-market-operation-failed-subject = Change to a cloud service not made: { $service }
email-market-operation-failed-body = The cloud vendor reports that a change to “{ $service }” could not be made. The subscription on the portal has changed; please check with the vendor and follow it up.
notification-market-operation-dead = An operation for “{ $service }” could not be delivered to the cloud vendor and was given up on. See the marketplace administration.
email-market-operation-dead-subject = Operation not delivered to a cloud vendor: { $service }
email-market-operation-dead-body = An operation for “{ $service }” was refused by the cloud vendor's system or kept failing, and is no longer retried. See the marketplace administration to retry or abandon it.
notification-market-operation-overdue = The cloud vendor has passed its promised provisioning time for “{ $service }” without finishing; this counts against its measured service level.
email-market-operation-overdue-subject = Cloud vendor overdue: { $service }
email-market-operation-overdue-body = The cloud vendor has not reported the outcome of an operation for “{ $service }” within its promised provisioning time. This counts against its measured service level, and the business may cancel the order free of charge.

market-provisioning-progress = The vendor reports: { $message }
market-provisioning-expected = Expected by: { $time }
market-open-tool = Open
market-open-tool-hint = Open “{ $service }” in the vendor's system
market-provisioning-overdue = The vendor has passed its promised provisioning time. You may keep waiting, or cancel this order free of charge.

## Reconciliation: subscriptions on the portal against the vendors' systems
market-admin-reconciliation = Differences with vendors' systems
market-reconciliation-hint = Every day the portal asks each vendor's system for the subscriptions it has started and compares them with its own records, field by field; the latest differences found are listed here.
market-reconciliation-none = The latest reconciliation found no difference.
market-reconciliation-differences = Differences
market-reconciliation-portal = Portal's record
market-reconciliation-vendor = Vendor's record
market-reconciliation-checked = Checked
market-difference-missing = The vendor's system does not have this subscription
market-difference-generation = change generation
market-difference-plan = plan
market-difference-quantity = seats
market-difference-status = status

## Measured service level: from the provisioning outcomes vendors' systems report
market-measured-provisioning = Measured set-up time
market-measured = Median { $median } min, 90% within { $p90 } min; on time { $on_time } (of { $count })
market-measured-none = No measurements yet
market-open-tool-sso = Opening signs you in to the vendor's system as yourself, for your enterprise, with no separate password.
market-tool-address = Tool address:
