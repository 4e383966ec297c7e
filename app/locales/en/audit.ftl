# Audit log: who viewed my case

audit-viewed-by-title = Who viewed my data
audit-viewed-by-explain = Every time department staff open this case's application data or download one of its files, it is recorded. Listed here are the time, department, role and what was seen.
audit-viewed-by-none = No staff member has viewed this case yet.
audit-viewed-by-when = Time
audit-viewed-by-department = Department
audit-viewed-by-role = Role
audit-viewed-by-staff = Staff
audit-viewed-by-system = Department system
audit-viewed-by-what = What
audit-viewed-by-page = Application data
audit-viewed-by-file = Downloaded a file
audit-viewed-by-base-data = Read your base data from the shared register (instead of asking you for papers)
