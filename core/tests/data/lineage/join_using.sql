select customer_id, o.order_id, c.name
from pos.orders o
join crm.customers c using (customer_id)
