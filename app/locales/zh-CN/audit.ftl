# 审计日志：谁查看了我的办件

audit-viewed-by-title = 谁查看了我的信息
audit-viewed-by-explain = 部门工作人员每次查看本办件的申请信息或下载材料都会被记录。这里列出时间、部门、岗位和查看内容。
audit-viewed-by-none = 尚无工作人员查看过本办件。
audit-viewed-by-when = 时间
audit-viewed-by-department = 部门
audit-viewed-by-role = 岗位
audit-viewed-by-staff = 工作人员
audit-viewed-by-system = 部门业务系统
audit-viewed-by-what = 查看内容
audit-viewed-by-page = 申请信息
audit-viewed-by-file = 下载材料
audit-viewed-by-base-data = 从基础信息库读取您的基础信息（代替您提交证明材料）
