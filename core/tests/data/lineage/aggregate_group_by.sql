select customer_id, count(*) as orders, sum(amount) as revenue, max(ordered_at) as last_order
from pos.orders
where status <> 'cancelled'
group by customer_id
having sum(amount) > 100
