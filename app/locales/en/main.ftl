portal-name = One-Stop Government Services
portal-description = One place for residents and businesses to deal with every city department.
language-name = English
switch-language-label = Change language
skip-to-content = Skip to main content
nav-main = Main navigation
nav-services = Service guide
nav-citizens = For residents
nav-enterprises = For businesses
nav-staff-admin = Staff accounts
footer-operator = Run by the City Government Services and Data Administration
footer-hotline = Government service hotline: 12345
back-home = Back to the home page
loading = Loading…
load-error = This could not be loaded right now. Please try again later.
breadcrumb = You are here
list-separator = {", "}
yes = Yes
no = No
actions = Actions
field-optional = (optional)
error-summary-title = Please correct the following before you submit
login = Log in
logout = Log out
register = Register

## Home and catalogue
home-title = One window for every department
home-lead = Find a service, see which documents you need and how long it takes, and apply online.
home-citizen-topics = Services for residents
home-enterprise-topics = Services for businesses
home-departments = Browse by department
search-label = Search services
search-placeholder = e.g. baby, business licence, social security card
search-button = Search
service-count = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
catalogue-title = Service catalogue
catalogue-filter = Filter services
catalogue-result-count = { $count ->
    [one] { $count } service found
   *[other] { $count } services found
}
catalogue-empty = No service matches. Try other words or fewer filters.
filter-topic = Topic
filter-department = Department
filter-audience = For
filter-all = All
filter-apply = Apply filters
audience-citizen = Residents
audience-enterprise = Businesses
audience-both = Residents and businesses

## Service guide
guide-not-found = Service not found
guide-code = Service code
guide-department = Department
guide-audience = For
guide-statutory = Statutory time limit
guide-promised = Promised time limit
guide-fee = Fee
guide-fee-free = Free of charge
guide-fee-amount = CNY { $amount }
guide-topics = Topics
guide-description = About this service
guide-materials = Documents you need
guide-steps = How it works
guide-legal-basis = Legal basis
working-days = { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}
material-name = Document
material-form = Form
material-copies = Copies
material-ecert = E-certificate accepted
material-original = Original
material-copy = Copy
material-original-and-copy = Original and copy
material-electronic = Electronic

## Login
login-title = Log in
login-account = Mobile number, ID number or staff username
login-account-hint = Residents can log in with the mobile number or ID number they registered with.
login-no-account = No account yet?
login-invalid = The account or password is not correct.
login-throttled = Too many failed attempts. Please try again in { $minutes } minutes.
login-account-empty = Enter your account.
login-password-empty = Enter your password.
login-required = Please log in first.

## Registration
register-title = Register as a resident
register-lead = Register with your real identity; it is used to fill in your applications for you.
register-submit = Register
register-enterprise-link = Register a business
register-enterprise-title = Register a business
register-enterprise-lead = To be filled in by the business's agent. You become the business's administrator and can add other agents.
register-enterprise-submit = Register the business
enterprise-section = The business
agent-section = The agent
agent-is-you = Agent: { $name } (the account you are logged in with)
agent-new-hint = Enter the agent's own identity; a resident account is registered for you at the same time.
real-name = Full name
id-number = Resident ID number
id-number-hint = 18 characters; the last one may be X.
mobile = Mobile number
password = Password
password-hint = At least 10 characters. Do not use a common password or your mobile or ID number.
password-confirm = Confirm password
enterprise-name = Business name
credit-code = Unified social credit code
credit-code-hint = 18 characters, printed on the business licence.
legal-rep = Legal representative

## Field errors
name-empty = Enter a full name.
name-length = A name must be 2 to 30 characters long.
name-invalid-character = A name may only contain letters, spaces and the middle dot “·”.
enterprise-name-empty = Enter the business name.
enterprise-name-invalid = The business name must be 2 to 100 characters long.
resident-id-empty = Enter the resident ID number.
resident-id-wrong-length = A resident ID number has 18 characters.
resident-id-invalid-character = A resident ID number contains only digits; the last may be X.
resident-id-invalid-region = The region code of this resident ID number is not valid.
resident-id-invalid-birth-date = The birth date in this resident ID number is not a real date.
resident-id-future-birth-date = The birth date in this resident ID number is in the future.
resident-id-wrong-check-digit = The check digit of this resident ID number does not match. Please check for a typo.
id-number-taken = This ID number is already registered. If it is yours, please log in.
credit-code-empty = Enter the unified social credit code.
credit-code-wrong-length = A unified social credit code has 18 characters.
credit-code-invalid-character = A unified social credit code contains only digits and capital letters (not I, O, Z, S or V).
credit-code-invalid-structure = The authority or region part of this unified social credit code is not valid.
credit-code-wrong-check-character = The check character of this unified social credit code does not match. Please check for a typo.
credit-code-taken = This business is already registered. Ask its administrator to add you as an agent.
mobile-empty = Enter a mobile number.
mobile-invalid = Enter an 11-digit mainland China mobile number.
mobile-taken = This mobile number is already registered. If it is yours, please log in.
password-too-short = The password must have at least 10 characters.
password-too-long = The password must not have more than 128 characters.
password-too-common = This password is too common and easy to guess. Please choose another.
password-contains-personal-data = The password must not contain your mobile or ID number.
password-mismatch = The two passwords do not match.

## Account
account-title = My account
account-profile = Profile
account-role = Role
account-department = Department
account-enterprises = My businesses
account-no-enterprises = Your account is not linked to any business yet.
agent-role = Role
agent = Agent
agent-admin = Administrator
agent-status-invited = Invited
agent-status-active = Active
agent-status-revoked = Revoked
agent-accept = Accept the invitation
agents-title = Agents
agent-revoke = Revoke
agent-revoke-label = Revoke { $name } as agent
agent-invite-title = Add an agent
agent-invite = Send invitation
agent-no-such-person = No registered resident has both this mobile number and this ID number. Ask them to register first.
agent-already = This person is already an agent or has been invited.
role-citizen = Resident
role-clerk = Clerk
role-supervisor = Supervisor
role-operator = Platform operator
role-invalid = Choose a staff role.

## Staff administration
staff-title = Staff accounts
staff-list = Existing staff accounts
staff-create = Create a staff account
staff-create-submit = Create account
staff-department-hint = Clerks and supervisors belong to exactly one department.
staff-no-department = None (platform operator)
staff-initial-password = Initial password
username = Username
username-hint = 3 to 32 lower-case letters, digits or . _ -, starting with a letter.
username-invalid = A username has 3 to 32 lower-case letters, digits or . _ -, and starts with a letter.
username-taken = This username is already taken.
display-name = Full name
department-required = Choose the department this person works in.
department-unknown = That department does not exist.
forbidden = You do not have access to this page.

## Notices after an action
notice-registered = You are registered and logged in.
notice-enterprise-registered = The business is registered and you are its administrator.
notice-logged-out = You have logged out.
notice-agent-invited = Invitation sent. Once they accept it after logging in, they are an agent.
notice-agent-accepted = You are now an agent of this business.
notice-agent-revoked = The agent has been revoked.
notice-agent-unchanged = Nothing was changed: the agent's status has changed meanwhile or the action is not allowed.
notice-staff-created = The staff account has been created.

## Error pages
not-found-title = Page not found
not-found-body = The page you asked for does not exist or has been removed.
csrf-title = This form has expired
csrf-body = To protect your account, this submission was not processed. Go back, reload the page and submit again.
too-large-title = Too much data
too-large-body = What you submitted is larger than allowed. Please send less and try again.
bad-request-title = Invalid request
bad-request-body = This submission could not be understood. Please go back and try again.
forbidden-title = No access
internal-error-title = Something went wrong
internal-error-body = Something went wrong and your action was not completed. Please try again later or call 12345.
