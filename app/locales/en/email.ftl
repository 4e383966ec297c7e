## E-mail notifications (server/src/notifications). One subject and one body per template;
## $case_number, $service (the service's name in the mail's language) and $reason are given.

email-greeting = Hello,
email-reason = Reason: { $reason }
email-follow = Follow your case and see its details at:
email-footer = This is an automatic message; please do not reply. For help, call the government service hotline 12345.

email-case-submitted-subject = Case { $case_number } submitted
email-case-submitted-body = Your application for “{ $service }” (case number { $case_number }) has been submitted and is waiting to be accepted by the department.

email-case-accepted-subject = Case { $case_number } accepted
email-case-accepted-body = Your application for “{ $service }” (case number { $case_number }) has been accepted. The time limit counts from the day after acceptance.

email-case-refused-at-intake-subject = Case { $case_number } not accepted
email-case-refused-at-intake-body = We are sorry: your application for “{ $service }” (case number { $case_number }) was not accepted.

email-case-supplement-requested-subject = Case { $case_number }: more information needed
email-case-supplement-requested-body = Your application for “{ $service }” (case number { $case_number }) needs more information. Please complete it as requested and submit it again.

email-case-resubmitted-subject = Case { $case_number } resubmitted
email-case-resubmitted-body = Your completed application for “{ $service }” (case number { $case_number }) has been submitted again and is waiting for review.

email-case-supplement-withdrawn-subject = Case { $case_number }: no more information needed
email-case-supplement-withdrawn-body = The department has withdrawn its request for more information on your application for “{ $service }” (case number { $case_number }): nothing more is needed, the case goes on.

email-case-approved-subject = Case { $case_number } approved
email-case-approved-body = Your application for “{ $service }” (case number { $case_number }) has been approved.

email-case-certificate-issued-subject = Case { $case_number }: e-certificate issued
email-case-certificate-issued-body = The e-certificate of your application for “{ $service }” (case number { $case_number }) has been issued and is in your wallet.

email-case-denied-subject = Case { $case_number } denied
email-case-denied-body = We are sorry: your application for “{ $service }” (case number { $case_number }) has been reviewed and denied.

email-case-withdrawn-subject = Case { $case_number } withdrawn
email-case-withdrawn-body = Your application for “{ $service }” (case number { $case_number }) has been withdrawn.

# Any template without its own messages.
email-generic-subject = Case { $case_number } updated
email-generic-body = The status of your application for “{ $service }” (case number { $case_number }) has changed.
email-case-overdue-subject = [One-Stop Services] Case { $case_number } is overdue
email-case-overdue-body = Case { $case_number } ({ $service }) passed its promised deadline ({ $reason }). Please follow it up.
email-case-assigned-subject = Case { $case_number } assigned to you
email-case-assigned-body = Case { $case_number } ({ $service }) has been assigned to you.
email-case-message-subject = Case { $case_number }: a message from the department
email-case-message-body = The department has left a message about your application for “{ $service }” (case number { $case_number }). Please log in to read it.
