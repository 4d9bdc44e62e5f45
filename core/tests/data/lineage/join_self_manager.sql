select
  e.employee_id,
  e.name as employee_name,
  m.name as manager_name,
  e.salary - m.salary as salary_gap
from hr.employees e
left join hr.employees m on m.employee_id = e.manager_id
