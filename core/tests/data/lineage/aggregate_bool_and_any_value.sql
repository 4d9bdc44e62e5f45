select department, bool_and(salary > 0) as all_paid, any_value(manager_id) as some_manager
from hr.employees
group by department
