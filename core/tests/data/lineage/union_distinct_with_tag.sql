select customer_id, 'crm' as system from crm.customers
union
select customer_id, 'legacy' from legacy.customers
