-- dialect: snowflake
select
  employee_id,
  department,
  salary,
  hired_at as valid_from,
  dateadd('second', -1, lead(hired_at) over (partition by employee_id order by hired_at)) as valid_to
from hr.employees
