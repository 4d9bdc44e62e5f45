select customer_id, name from crm.customers
union all
select customer_id from legacy.customers
