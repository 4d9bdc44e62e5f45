select o.* exclude (status, store_id), c.name as customer_name
from pos.orders o
join crm.customers c on c.customer_id = o.customer_id
