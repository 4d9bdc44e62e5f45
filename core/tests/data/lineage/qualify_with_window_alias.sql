select
  employee_id,
  department,
  salary,
  dense_rank() over (partition by department order by salary desc) as salary_rank
from hr.employees
qualify salary_rank = 1
