select customer_id, name from crm.customers
union all by name
select name, customer_id, email from legacy.customers
