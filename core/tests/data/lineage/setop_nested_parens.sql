(select customer_id, country from crm.customers
 union all
 select customer_id, country from legacy.customers)
except
(select customer_id, country from crm.customers where country is null)
