select c.customer_id, r.amount
from crm.customers c,
lateral (select o.amount from pos.orders o where o.customer_id = c.customer_id order by o.ordered_at desc limit 1) r
