select customer_id from crm.customers
except
select customer_id from legacy.customers where country = 'DE'
intersect
select customer_id from pos.orders
