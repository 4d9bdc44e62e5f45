-- dialect: snowflake
select department, listagg(name, ', ') within group (order by hired_at) as team
from hr.employees
group by department
