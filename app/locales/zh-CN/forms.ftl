## Errors of service application forms (app/src/domain/service_form.rs).

form-required = 请填写此项。
form-choice-required = 请选择一项。
form-file-required = 请上传文件。
form-too-long = 最多 { $max } 个字。
form-number-invalid = 请输入数字，例如 12 或 3.5。
form-number-below-min = 不能小于 { $min }。
form-number-above-max = 不能大于 { $max }。
form-number-not-integer = 请输入整数。
form-date-invalid = 请输入有效日期，例如 2026-01-31。
form-date-before-min = 日期不能早于 { $date }。
form-date-after-max = 日期不能晚于 { $date }。
form-choice-invalid = 请从所列选项中选择。
form-too-few-selected = 请至少选择 { $min } 项。
form-too-many-selected = 最多选择 { $max } 项。
form-email-invalid = 请输入有效的电子邮箱地址，例如 name@example.com。
form-phone-invalid = 请输入手机号码或固定电话（如 0591-87654321）。
form-address-district-required = 请选择所在区县。
form-address-district-invalid = 请从列表中选择区县。
form-address-detail-required = 请填写详细地址（街道、门牌号）。
form-too-many-files = 最多上传 { $max } 个文件。
form-file-reference-invalid = 文件无效，请重新上传。
form-too-few-rows = 请至少填写 { $min } 条。
form-too-many-rows = 最多填写 { $max } 条。
