# 审计日志：谁查看了我的办件

audit-viewed-by-title = 谁查看了我的信息
audit-viewed-by-explain = 部门工作人员每次查看本办件的申请信息都会被记录。这里列出查看的时间、部门和岗位。
audit-viewed-by-none = 尚无工作人员查看过本办件。
audit-viewed-by-when = 时间
audit-viewed-by-department = 部门
audit-viewed-by-role = 岗位
audit-viewed-by-staff = 工作人员
