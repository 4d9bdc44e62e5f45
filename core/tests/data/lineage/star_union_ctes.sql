with current_customers as (select * from crm.customers),
old_customers as (select * from legacy.customers where created_at < date '2020-01-01')
select * from current_customers
union all
select * from old_customers
