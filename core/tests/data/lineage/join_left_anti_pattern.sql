select c.customer_id, c.email
from crm.customers c
left join pos.orders o on o.customer_id = c.customer_id
where o.order_id is null
