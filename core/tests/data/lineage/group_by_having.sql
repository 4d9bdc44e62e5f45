select customer_id, count(*) as orders, sum(amount) as revenue
from pos.orders
group by customer_id
having sum(amount) > 1000 and max(status) = 'paid'
