select o.order_id, c.name as customer_name, o.amount
from pos.orders o
join crm.customers c on c.customer_id = o.customer_id
