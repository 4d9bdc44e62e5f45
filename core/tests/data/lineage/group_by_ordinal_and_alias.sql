select date_trunc('month', ordered_at) as month, store_id, sum(amount) as revenue
from pos.orders
group by 1, store_id
