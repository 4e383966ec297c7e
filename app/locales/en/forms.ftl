## Errors of service application forms (app/src/domain/service_form.rs).

form-required = Enter an answer.
form-choice-required = Choose an option.
form-file-required = Upload a file.
form-too-long = Enter { $max } characters or fewer.
form-number-invalid = Enter a number, like 12 or 3.5.
form-number-below-min = Enter a number that is { $min } or more.
form-number-above-max = Enter a number that is { $max } or less.
form-number-not-integer = Enter a whole number.
form-date-invalid = Enter a real date, like 2026-01-31.
form-date-before-min = Enter a date on or after { $date }.
form-date-after-max = Enter a date on or before { $date }.
form-choice-invalid = Choose one of the options listed.
form-too-few-selected = Choose { $min } or more options.
form-too-many-selected = Choose no more than { $max } options.
form-email-invalid = Enter an email address in the correct format, like name@example.com.
form-phone-invalid = Enter a mobile number or a landline number, like 0591-87654321.
form-address-district-required = Choose a district.
form-address-district-invalid = Choose a district from the list.
form-address-detail-required = Enter the street and building number.
form-too-many-files = Upload no more than { $max } files.
form-file-reference-invalid = This file could not be found. Upload it again.
form-too-few-rows = Add { $min } or more rows.
form-too-many-rows = Remove rows until there are no more than { $max }.
