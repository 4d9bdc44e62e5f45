select customer_id, email from crm.customers
except
select customer_id from legacy.customers
