select customer_id, c.name, o.amount
from pos.orders o
right join crm.customers c using (customer_id)
