select t.customer_id, t.revenue
from (select customer_id, sum(amount) as revenue from pos.orders group by customer_id) as t
where t.revenue > 1000
