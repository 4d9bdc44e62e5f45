select customer_id, name, email from crm.customers
union all
select customer_id, name, email from legacy.customers
