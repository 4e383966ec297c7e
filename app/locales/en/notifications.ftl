# In-app notifications (/notifications) and the account's contact e-mail address

nav-notifications = Notifications
notifications-title = Notifications
notifications-intro = Your latest 100 notifications. Opening a case also marks its notifications as read.
notifications-none = You have no notifications.
notifications-unread-count = { $count } unread
notifications-mark-all-read = Mark all as read
notifications-unread-tag = New
notifications-unread-hidden = Unread notification:
notifications-reason = Reason: { $reason }
notice-notifications-read = All notifications are marked as read.

## The text of one notification: $number is the case number, $service the service's name. Templates without their own text use notification-generic.
notification-case-submitted = Your application for “{ $service }” (case number { $number }) has been submitted and is waiting to be accepted.
notification-case-accepted = Your application for “{ $service }” (case number { $number }) has been accepted.
notification-case-refused-at-intake = Your application for “{ $service }” (case number { $number }) was not accepted.
notification-case-supplement-requested = Your application for “{ $service }” (case number { $number }) needs more information.
notification-case-resubmitted = Your completed application for “{ $service }” (case number { $number }) has been submitted again.
notification-case-supplement-withdrawn = The department has withdrawn its request for more information on your application for “{ $service }” (case number { $number }): nothing more is needed, the case goes on.
notification-case-approved = Your application for “{ $service }” (case number { $number }) has been approved.
notification-case-certificate-issued = The e-certificate of your application for “{ $service }” (case number { $number }) has been issued and is in your wallet.
notification-case-denied = Your application for “{ $service }” (case number { $number }) has been denied.
notification-case-withdrawn = Your application for “{ $service }” (case number { $number }) has been withdrawn.
notification-generic = The status of your application for “{ $service }” (case number { $number }) has changed.

## The contact e-mail address on the account page
account-email-title = E-mail address
account-email = E-mail address
account-email-hint = We e-mail this address when one of your cases changes. Leave it blank and save to remove it and receive no e-mails.
account-email-current = Current address
account-email-none = Not set (no e-mail notifications)
account-email-save = Save e-mail address
email-invalid = Enter a valid e-mail address, such as name@example.com.
email-too-long = The e-mail address cannot be longer than 254 characters.
notice-email-saved = E-mail address saved. We will e-mail you when your cases change.
notice-email-cleared = E-mail address removed. You will receive no more e-mails.
notification-case-overdue = Case { $number } ({ $service }) is past its promised deadline. Please follow it up.
notification-case-assigned = Case { $number } ({ $service }) has been assigned to you.
notification-case-message = The department has left a message about your application for “{ $service }” (case number { $number }).
