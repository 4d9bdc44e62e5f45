select customer_id, o.amount
from pos.orders o
join crm.customers c on c.customer_id = o.customer_id
