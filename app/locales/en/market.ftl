# Cloud marketplace: cloud vendors list SaaS tools, small and medium-sized businesses subscribe, cloud service vouchers pay part

## Navigation and roles
nav-market = Cloud marketplace
nav-my-cloud-services = My cloud services
nav-vendor-console = Vendor console
nav-market-admin = Cloud marketplace admin
market-nav = Cloud marketplace
role-vendor-admin = Cloud vendor administrator
role-vendor-staff = Cloud vendor staff
registration-busy = The system is busy and cannot create the account right now. Please try again in a few minutes.

## Shared
market-yes = Yes
market-no = No
market-none = None
market-reason = Reason
market-reason-required = Enter a reason. A reason is required to decline, return or suspend, and the other party will see it.
market-reason-too-long = A reason can be at most 1000 characters and cannot contain control characters. Shorten it and submit again.

## Product categories
market-category-network-datacenter = Network and data centre
market-category-component-library = Software component libraries
market-category-security-proxy = Security proxy services
market-category-testing-evaluation = Testing and evaluation
market-category-training = Training
market-category-ic-design = Integrated circuit design
market-category-software-export = Software export
market-category-embedded-multimedia = Embedded and multimedia
market-category-accounting = Accounting
market-category-e-invoicing = E-invoicing
market-category-hr-payroll = HR and payroll
market-category-office-collaboration = Office collaboration

## Terms
market-term-month = month
market-term-year = year

## Marketplace home (product catalogue)
market-title = Cloud marketplace
market-lead = Hosted SaaS tools for small and medium-sized businesses. Find products by category and compare prices and service levels; eligible businesses can pay part of the cost with a cloud service voucher.
market-filter = Filter products
market-category = Category
market-min-price = Price per seat per month, from (CNY)
market-max-price = Price per seat per month, up to (CNY)
market-mlps-filter = MLPS level (等保)
market-mlps-at-least = MLPS level { $level } or higher
market-trial-filter = Free trial available
market-voucher-filter = Cloud service voucher accepted
market-result-count = Products found: { $count }
market-empty = No product matches. Try other words or fewer filters.
market-compare-hint = Tick the products you want to compare (at most 4), then choose “Compare selected products”.
market-compare-submit = Compare selected products
market-compare-this = Compare “{ $name }”
market-vendor = Cloud vendor
market-from-price = Price from
market-per-seat-month = { $price } per seat per month
market-mlps = MLPS level (等保)
market-mlps-level = MLPS level { $level }
market-trial = Free trial
market-trial-yes = Available
market-voucher = Cloud service voucher subsidy
market-subsidy-up-to = Subsidy up to { $percent }

## Product page and comparison
market-product-not-found = Product not found
market-back = Back to the cloud marketplace
market-suspended = The platform has suspended this listing: it takes no new orders for now.
market-plans = Plans and prices
market-order-link = Order
market-facts = Service level and credentials
market-plan = Plan
market-term = Term
market-seat-price = Price per seat
market-price-after-subsidy = After discount and subsidy
market-seats = Seats
market-metered = Usage charges
market-trial-days = { $days } days
market-availability = Promised availability
market-provisioning = Set-up time
market-support = Support response time
market-hours = Within { $hours } hours
market-labels = Labels
market-vendor-discount = Marketplace discount
market-subsidy-by = { $percent }, paid by “{ $programme }”
market-no-voucher = No cloud service voucher applies
market-data-in-mainland = Data stored in mainland China
market-crypto-assessed = Commercial cryptography assessment passed
market-subscribers = Businesses subscribed
market-compare-title = Compare products
market-compare-empty = First tick the products to compare in the cloud marketplace (at most 4).
market-compare-caption = Plans, prices and service levels of the selected products
market-plans-prices = Plans: list price → after discount and subsidy

## Ordering
market-order-title = Order a cloud service
market-order-heading = Order: { $name }
market-order-forbidden = Only a resident account acting as a business's agent can order cloud services. Staff and cloud vendor accounts cannot.
market-order-no-enterprise = Only a business can order cloud services. Register your business first, or ask a business's administrator to invite you as an agent.
market-order-enterprise = Ordering for
market-quantity = Number of seats
market-use-voucher = Use the cloud service voucher (if eligible)
market-order-review = See the price breakdown
market-breakdown = Price breakdown
market-list-price = List price
market-subsidy = Voucher subsidy
market-sme-pays = The business pays
market-sme-pays-month = The business pays a month
market-subsidy-month = Voucher subsidy a month
market-order-needs-approval = You are an agent of this business: the order is set up only after the business's administrator approves it.
market-order-confirm = Confirm the order
market-enterprise-required = Choose the business you are ordering for.
market-plan-required = Choose a plan.
market-order-stale = The order confirmation was incomplete or has expired. Choose “See the price breakdown” to check the price again, then confirm the order.
market-plan-unknown = The plan you chose does not exist; the cloud vendor may have changed it. Choose a plan again.
market-quantity-out-of-bounds = The number of seats is outside what this plan allows. Enter a whole number within the plan's seat range shown in the table.
market-listing-suspended = The platform has suspended this listing, so it cannot be ordered or approved. Choose another product, or try again once the listing is live again.
market-listing-changed = The cloud vendor published a new version after you saw the price; plans or prices may have changed. See the price breakdown again, then confirm the order.
market-price-changed = The price changed since you reviewed it (budget or cap used meanwhile, or a new version of the listing). Review the new price and confirm again.
market-no-subsidy-related-party = Your business has the same unified social credit code or the same legal representative as this cloud vendor, so the rules give it no cloud service voucher subsidy: this order has none. Check the price breakdown before you confirm.
market-no-subsidy-not-enrolled = Your business has not been admitted to a cloud service voucher that covers this kind of product, so this order has no subsidy. To get one, your business's administrator first applies for the voucher under “My cloud services”; otherwise check the price breakdown before you confirm.
market-subsidy-cap-reached = Your business has too little of this year's cloud service voucher cap left: the subsidy is limited to what is left, and the business pays the rest. Check the price breakdown before you confirm.
market-subsidy-budget-exhausted = The voucher programme has too little budget left: the subsidy is limited to what is left, and the business pays the rest. Check the price breakdown before you confirm.
market-voucher-budget-exhausted = The voucher programme's budget has run out, so no subsidy can be reserved for this order. See the price breakdown again, then confirm the order.
market-voucher-movement = The system could not process this voucher movement, and nothing was done. Please try again later, or call 12345 if it keeps failing.

## My cloud services
market-mine-title = My cloud services
market-subscriptions = Subscriptions
market-no-subscriptions = There are no subscriptions yet.
market-orders = Orders
market-no-orders = There are no orders.
market-vouchers = Cloud service vouchers
market-no-programmes = No cloud service voucher is open for applications at the moment.
market-product = Product
market-enterprise = Business
market-state = Status
market-term-ends = Current term ends
market-cap = Yearly cap per business
market-reserved = Reserved (orders not yet set up)
market-used = Used
market-left = Left
market-valid-until = Valid until
market-enrolled = Admitted (size class: { $size })
market-not-admitted = Not admitted: by the figures declared the business is a large enterprise and cannot use the cloud service voucher.
market-not-enrolled = Not applied for yet.
market-enrol-hint = Enter last year's figures truthfully. The business's size is classed by the national SME classification rules (中小企业划型标准规定); only medium-sized, small and micro enterprises can use the cloud service voucher. Leave blank any figure your industry is not measured by. A business applies once, through its administrator.
market-industry = Industry
market-employees = Employees (persons)
market-revenue = Last year's operating revenue (CNY 10,000)
market-total-assets = Total assets (CNY 10,000)
market-enrol-submit = Apply for the voucher
market-problem-industry = Choose the industry.
market-enrol-admin-only = Only a business's administrator can apply for a cloud service voucher. Ask your business's administrator to apply.
market-programme-closed = This voucher programme is not open for applications (it has not started yet or has ended).
market-enrol-already = Your business has already applied to this voucher programme; a business can apply only once. The result is shown on this page.

## Enterprise size (national SME classification rules)
market-size-medium = Medium-sized enterprise
market-size-small = Small enterprise
market-size-micro = Micro enterprise
market-size-large = Large enterprise

## Industries (national SME classification rules)
market-industry-agriculture = Agriculture, forestry, animal husbandry and fishery
market-industry-industry = Industry
market-industry-construction = Construction
market-industry-wholesale = Wholesale
market-industry-retail = Retail
market-industry-transport = Transport
market-industry-warehousing = Warehousing
market-industry-postal = Postal services
market-industry-accommodation = Accommodation
market-industry-catering = Catering
market-industry-information-transmission = Information transmission
market-industry-software-it = Software and IT services
market-industry-real-estate-development = Real estate development
market-industry-property-management = Property management
market-industry-leasing-business-services = Leasing and business services
market-industry-other = Other industries

## Subscription page
market-subscription-title = Subscription
market-subscription-not-found = This subscription does not exist, or you may not see it.
market-ordered-by = Ordered by
market-moves = What you can do
market-reason-hint = Required when you decline an order; optional otherwise. The other party will see it.
market-history = History
market-order-changed = The subscription has changed since you opened the page (someone may have dealt with it). Check its current status, then act again if still needed.

## Subscription states
subscription-state-awaiting-approval = Waiting for the business's approval
subscription-state-awaiting-provisioning = Waiting for the vendor to set it up
subscription-state-trialing = In free trial
subscription-state-active = Active
subscription-state-suspended = Suspended
subscription-state-cancel-scheduled = Ends with the current term
subscription-state-provisioning-failed = Set-up failed
subscription-state-terminated = Ended
subscription-state-expired = Expired
subscription-state-closed = Closed

## Subscription moves (buttons)
subscription-move-approve = Approve the order
subscription-move-decline = Decline the order
subscription-move-withdraw = Withdraw the order
subscription-move-provisioned = Confirm it is set up
subscription-move-provisioning-failed = Report that set-up failed
subscription-move-retry-provisioning = Retry the set-up
subscription-move-trial-ended = End the trial
subscription-move-renew = Renew
subscription-move-change-plan = Change the plan
subscription-move-change-quantity = Change the number of seats
subscription-move-suspend = Suspend the service
subscription-move-reinstate = Reinstate the service
subscription-move-schedule-cancel = Cancel at the end of the term
subscription-move-undo-cancel = Keep the subscription
subscription-move-cancel-now = Cancel now
subscription-move-term-ended = End of term
subscription-move-expire = Let it expire
subscription-move-close = Close
subscription-move-not-allowed = You may not do this to the subscription: approving, declining and cancelling are for the business's administrator, only the person who placed an order can withdraw it, and the cloud vendor reports the set-up.
subscription-move-illegal = The subscription's current status does not allow this (someone may have dealt with it already). Reload the page to see its status, then choose one of the actions offered.

## Cloud vendor application
market-vendor-apply-title = Apply to list as a cloud vendor
market-vendor-apply-lead = Cloud vendors list SaaS products on the cloud marketplace for small and medium-sized businesses, which can pay part of the price with a cloud service voucher. Applying also creates your organisation's administrator account; once the platform approves the application you can publish listings.
market-vendor-organisation = Your organisation
market-vendor-name = Organisation name
market-contact-name = Contact person
market-contact-email = Contact e-mail address
market-declarations = Security and compliance declarations
market-vendor-admin-account = Administrator account
market-vendor-apply-submit = Submit the application
market-mlps-invalid = Choose an MLPS level (等保) from 1 to 4.
market-vendor-registered = An application has already been made with this unified social credit code. To follow it, log in with the administrator account created when applying.

## Vendor console
market-vendor-console = Vendor console
market-vendor-status-pending = Waiting for review
market-vendor-status-approved = Approved
market-vendor-status-refused = Refused
market-vendor-listings = Your listings
market-listing-new = List a new product
market-vendor-no-listings = You have no listings yet.
market-published-version = Published version
market-review-state = Review status
market-suspended-short = Suspended
market-vendor-subscriptions = Subscriptions to your products
market-vendor-staff = Staff accounts
market-vendor-staff-add = Add a staff account
market-vendor-not-approved = Your organisation's application has not been approved yet, so you cannot publish or change listings. The decision will show on the vendor console.
market-vendor-admin-only = Only the cloud vendor's administrator can add staff accounts. Ask your organisation's administrator.

## Listing review states
market-review-draft = Draft
market-review-submitted = Under review
market-review-returned = Returned for changes

## Listing editor
market-listing-editor = Edit listing
market-listing-not-found = Listing or version not found
market-returned-because = The platform returned this version for the reasons below. Make the changes and submit it for review again.
market-listing-under-review = This version is under review and cannot be changed until the review ends. You can edit again once it is approved or returned.
market-listing-submit = Submit for review
market-listing-product = The product
market-name-zh = Name in Chinese
market-name-en = Name in English
market-summary-zh = Summary in Chinese
market-summary-en = Summary in English
market-description-zh = Description in Chinese
market-description-en = Description in English
market-labels-hint = At most 10 labels of up to 20 characters each, separated by commas.
market-sla = Service level
market-availability-percent = Promised availability (%)
market-provisioning-hours = Set-up time (hours)
market-support-hours = Support response time (hours)
market-vendor-discount-percent = Marketplace discount (%)
market-vendor-discount-hint = The discount you give marketplace buyers, taken off before the subsidy; at most 50%. Enter 0 or leave blank for none.
market-plan-n = Plan { $n }
market-plan-code = Plan code
market-plan-code-hint = Starts with a lower-case letter and uses only lower-case letters, digits, _ and -, at most 32 characters, e.g. basic. Leave plans you do not need blank.
market-seat-price-yuan = Price per seat per term (CNY)
market-min-seats = Minimum seats
market-max-seats = Maximum seats
market-trial-days-label = Free trial days (0 to 90; 0 for no trial)
market-cancel-anytime = Can be cancelled at any time
market-metered-code = Usage charge code (optional)
market-metered-unit-zh = Unit in Chinese, e.g. “千次调用”
market-metered-unit-en = Unit in English, e.g. “1,000 API calls”
market-metered-price = Price per unit (CNY)
market-listing-save = Save draft
market-listing-nothing-to-submit = There is no draft to submit: the changes have already been submitted or reviewed. Edit and save the listing first, then submit it.

## Problems with a listing's content (shown next to their field)
market-problem-name-length = Enter the name, at most 80 characters.
market-problem-summary-length = Enter the summary, at most 200 characters.
market-problem-description-length = Enter the description, at most 4000 characters.
market-problem-plan-count = Fill in at least 1 and at most 6 plans.
market-problem-plan-code = A plan code starts with a lower-case letter and uses only lower-case letters, digits, _ and -, at most 32 characters.
market-problem-plan-code-duplicate = This plan code is already used: each plan needs its own code.
market-problem-plan-name = Enter the plan's name, at most 40 characters.
market-problem-seat-price = The price per seat must be between CNY 0 and CNY 100,000,000.
market-problem-plan-seats = Seats must be a whole number from 1 to 100000, and the maximum cannot be below the minimum.
market-problem-trial-days = Free trial days must be from 0 to 90.
market-problem-metered-count = A plan can have at most 5 usage charges.
market-problem-metered-code = A usage charge code starts with a lower-case letter and uses only lower-case letters, digits, _ and -, at most 32 characters.
market-problem-metered-code-duplicate = This usage charge code is already used in this plan: each needs its own code.
market-problem-metered-unit = Enter the unit, at most 20 characters.
market-problem-metered-price = The price per unit must be more than CNY 0 and at most CNY 100,000.
market-problem-availability = Promised availability must be between 90% and 100%.
market-problem-provisioning-hours = Set-up time must be from 1 to 720 hours.
market-problem-support-hours = Support response time must be from 1 to 168 hours.
market-problem-label-count = At most 10 labels.
market-problem-label-length = Each label can be at most 20 characters.
market-problem-label-duplicate = Each label can appear only once.
market-problem-vendor-discount = The marketplace discount can be at most 50%.
market-problem-category = Choose the product's category.
market-problem-term = Choose the term.
market-problem-number = Enter a whole number within the allowed range, digits only, without units or a decimal point.
market-problem-money = Enter an amount within the allowed range, digits only, without units, with at most two decimals.
market-problem-percent = Enter a percentage as a number, e.g. 99.95, with at most two decimals.

## Listing review (platform operator)
market-review-title = Listing review
market-review-changes = Changes from published version { $version }
market-review-first = First listing: there is no published version to compare with
market-review-no-changes = Nothing has changed from the published version.
market-review-changes-caption = Changes
market-review-field = Field
market-review-before = Before
market-review-after = After
market-review-content = This version in full
market-cheapest = Lowest price per seat
market-review-decision = Decision
market-review-reason-hint = Required when you return the version: say what must change, the cloud vendor will see it. Optional when you approve.
market-approve = Approve
market-return = Return for changes
market-review-stale = This version is no longer waiting for review (another member of staff may have decided it). Go back to the cloud marketplace admin page to see where it stands.

## Cloud marketplace administration (platform operator)
market-admin-title = Cloud marketplace administration
market-admin-vendors = Cloud vendor applications
market-refuse = Refuse
market-vendor-already-decided = This cloud vendor's application has already been decided (perhaps by another member of staff) and cannot be decided again.
market-admin-reviews = Listing versions waiting for review
market-admin-no-reviews = No version is waiting for review.
market-admin-first-version = First listing
market-admin-listings = Live listings
market-admin-suspension = Suspend or lift
market-admin-suspend = Suspend the listing
market-admin-lift = Lift the suspension
market-live = Live
market-listing-already-so = The listing is already in that state (someone may have just changed it), so nothing was done. Reload the page to see it.
market-admin-programmes = Voucher programmes
market-budget = Budget
market-valid = Valid
market-enrolled-count = Businesses admitted
market-categories = Categories and subsidy
market-programme-create = Create a voucher programme
market-budget-yuan = Budget (CNY, whole yuan)
market-cap-yuan = Yearly cap per business (CNY, whole yuan)
market-valid-from = Valid from
market-holding-days = Holding period in days (cancelling sooner claws the subsidy back)
market-subsidy-by-category = Subsidy by category
market-subsidy-by-category-hint = Enter the subsidy as a percentage of the price after the marketplace discount (a whole number from 1 to 100). Leave categories without subsidy blank.
market-programme-name = The name must be 2 to 100 characters long.
market-date-invalid = Enter the date as year-month-day, e.g. 2026-12-31.
market-date-order = The end date cannot be before the start date.
market-subsidy-percent = The subsidy must be a whole percentage from 1 to 100; leave categories without subsidy blank.
market-programme-no-category = Enter a subsidy for at least one product category.

## Notices after an action
notice-vendor-applied = Your application has been submitted and you are logged in with the administrator account. Once the platform approves it you can publish listings; the decision will show on this page.
notice-vendor-staff-added = The staff account has been created. Give the username and initial password to the person.
notice-vendor-decided = The vendor application has been decided.
notice-listing-saved = Draft saved. When it is ready, submit it for review.
notice-listing-submitted = Submitted for review. It cannot be changed during the review; the published version stays on show.
notice-listing-reviewed = The listing version has been decided.
notice-listing-suspension = The listing's suspension has been updated.
notice-programme-created = The voucher programme has been created.
notice-order-placed = Your order has been placed; its status is shown on this page. An order placed by an agent is set up only after the business's administrator approves it.
notice-subscription-moved = Done: the subscription's status has been updated.
notice-enrolled = Admitted: by the figures declared your business is an SME and can use the cloud service voucher.
notice-enrol-not-sme = Declaration recorded: by the figures declared your business is a large enterprise and cannot use the cloud service voucher.

## In-app notifications: $service is the product's name (marketplace orders have no case number)
notification-market-order-awaiting-approval = An agent of your business has ordered “{ $service }” on the cloud marketplace. The order is waiting for your approval.
notification-market-order-approved = Your order for “{ $service }” was approved by your business's administrator and is waiting for the cloud vendor to set it up.
notification-market-order-declined = Your order for “{ $service }” was declined by your business's administrator. The order is closed.

## E-mails: $service is the product's name (marketplace orders have no case number; email-reason adds the reason)
email-market-order-awaiting-approval-subject = Cloud marketplace order waiting for your approval: { $service }
email-market-order-awaiting-approval-body = An agent of your business has ordered “{ $service }” on the cloud marketplace. It is set up only after you, the business's administrator, approve it. Please log in to see the order and decide.
email-market-order-approved-subject = Cloud marketplace order approved: { $service }
email-market-order-approved-body = Your order for “{ $service }” was approved by your business's administrator and is waiting for the cloud vendor to set it up. Once it is, you will find it under “My cloud services”.
email-market-order-declined-subject = Cloud marketplace order declined: { $service }
email-market-order-declined-body = We are sorry: your order for “{ $service }” was declined by your business's administrator. The order is closed; any cloud service voucher subsidy reserved for it has been released.

## Plan changes and renewals
market-change-title = Change plan or seats
market-change-hint = An upgrade (a higher monthly price) applies at once; a downgrade applies at the next renewal. The voucher subsidised the first term only.
market-change-submit = Request the change
market-change-pending = A downgrade to “{ $plan }” ({ $seats } seats) is waiting for the next renewal.
market-change-nothing = That is the plan and number of seats you have now: nothing to change.
notice-plan-changed = The plan was changed and applies now; the cloud vendor has been told.
notice-plan-change-pending = The downgrade was recorded and will apply at the next renewal.
notification-market-renewal-reminder = Your subscription to “{ $service }” ends on { $number } and renews automatically; change or cancel it before then if you wish.
email-market-renewal-reminder-subject = Cloud service renewing soon: { $service }
email-market-renewal-reminder-body = Your subscription to “{ $service }” ends on { $case_number } and renews automatically. To change the plan or cancel, sign in to “My cloud services” before then.

## Ratings
market-ratings = Ratings
market-ratings-none = No ratings yet.
market-ratings-average = Average { $average } of 5 ({ $count } ratings)
market-rate-title = Rate this cloud service
market-rate-score = Score
market-rate-stars = { $score } of 5
market-rate-comment = Comment (optional, at most 500 characters)
market-rate-submit = Send the rating
market-rating-score = Choose a score from 1 to 5.
market-rating-comment-long = A comment is at most 500 characters; please shorten it.
market-rating-already = This subscription has been rated already; each subscription is rated once.
notice-subscription-rated = Thank you: your rating now shows on the product page.
market-rating-too-early = You can rate the service after 30 days of use, so that ratings reflect real use.
