select id as customer_id, email, 'shopify' as origin from shopify.customers
union all
select customer_id, email, 'crm' from crm.customers
union all
select customer_id, email, 'legacy' from legacy.customers
