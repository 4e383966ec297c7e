## Documents: the printable receipt, the public e-certificate verification page and the wallet.

## E-certificate status
doc-status-valid = Valid
doc-status-expired = Expired
doc-status-revoked = Revoked

## Verification (public)
doc-verify-title = Verify an e-certificate
doc-verify-lead = Enter the verification code printed on the e-certificate, or scan its QR code, to check that it is genuine and still valid.
doc-verify-code-label = Verification code
doc-verify-code-hint = 16 letters and digits; upper or lower case, spaces and hyphens are fine.
doc-verify-button = Verify
doc-verify-result = Result
doc-verify-genuine = This e-certificate was issued through this portal.
doc-verify-not-found-title = E-certificate not found
doc-verify-not-found = There is no e-certificate with the verification code { $code }. Please check the code.
doc-verify-privacy = To protect personal data, the holder's name and ID number are partly hidden.

## Certificate facts
doc-cert-name = Certificate
doc-cert-holder = Holder
doc-cert-holder-id = Holder's ID number
doc-cert-issued-on = Issued on
doc-cert-valid-until = Valid until
doc-cert-no-expiry = No expiry
doc-cert-status = Status
doc-cert-code = Verification code
doc-cert-qr = Verification QR code, linking to { $url }
doc-cert-verify-link = Verify online

## Wallet
doc-wallet-title = My e-certificates
doc-wallet-lead = Your own e-certificates and those of the enterprises you act for. Use them in other applications instead of uploading documents again.
doc-wallet-caption = E-certificates ({ $count })
doc-wallet-empty = You have no e-certificates yet. They appear here when a case that issues one is approved.

## Receipt
doc-receipt-title = Application receipt
doc-receipt-lead = Your application has been filed with { $department }. Please keep this receipt.
doc-receipt-print-hint = Use your browser's print function (Ctrl+P) to print this receipt or save it as a PDF.
doc-receipt-case = Case
doc-receipt-case-number = Case number
doc-receipt-service = Service
doc-receipt-department = Department
doc-receipt-state = Status
doc-receipt-applicant = Applicant
doc-receipt-id-number = ID number
doc-receipt-enterprise = Enterprise
doc-receipt-credit-code = Unified social credit code
doc-receipt-submitted-at = Submitted
doc-receipt-deadline = Promised time limit
doc-receipt-deadline-not-started = Within { $days } working days of acceptance
doc-receipt-deadline-due = To be decided by { $due }
doc-receipt-deadline-paused = Paused while a supplement is pending; { $days } working days remain after it is provided
doc-receipt-deadline-closed = Closed ({ $at })
doc-receipt-deadline-stopped = Closed
doc-receipt-materials = Materials submitted
doc-receipt-materials-caption = Materials submitted ({ $count })
doc-receipt-material = Material
doc-receipt-file = File
doc-receipt-size = Size
doc-receipt-from-wallet = E-certificate: { $name } (verification code { $code })
doc-receipt-no-materials = No materials were submitted.
doc-receipt-certificate = E-certificate issued
doc-receipt-verify-at = Scan the QR code or open this address to verify it:
doc-receipt-follow = Follow your case
doc-receipt-follow-text = Log in and open this address to see how your case is progressing:
doc-receipt-generated = Receipt generated on { $at } (Beijing time).
