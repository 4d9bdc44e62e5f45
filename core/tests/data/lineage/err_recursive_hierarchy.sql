with recursive chain as (
  select employee_id, manager_id, 1 as depth from hr.employees where manager_id is null
  union all
  select e.employee_id, e.manager_id, chain.depth + 1
  from hr.employees e join chain on e.manager_id = chain.employee_id
)
select * from chain
