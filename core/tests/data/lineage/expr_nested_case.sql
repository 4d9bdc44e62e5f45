select
  employee_id,
  case
    when department = 'eng' then case when salary > 150000 then 'senior' else 'engineer' end
    when manager_id is null then 'executive'
    else 'staff'
  end as role_band
from hr.employees
