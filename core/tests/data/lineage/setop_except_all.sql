select customer_id, email from crm.customers
except all
select customer_id, email from legacy.customers
