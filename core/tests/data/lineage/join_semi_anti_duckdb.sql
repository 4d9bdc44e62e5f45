select c.customer_id, c.name
from crm.customers c
semi join pos.orders o on o.customer_id = c.customer_id
anti join legacy.customers l on l.email = c.email
