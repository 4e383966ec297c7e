# Audit log: who viewed my case

audit-viewed-by-title = Who viewed my data
audit-viewed-by-explain = Every time department staff open this case's application data, it is recorded. Listed here are the time, department and role of each view.
audit-viewed-by-none = No staff member has viewed this case yet.
audit-viewed-by-when = Time
audit-viewed-by-department = Department
audit-viewed-by-role = Role
audit-viewed-by-staff = Staff
