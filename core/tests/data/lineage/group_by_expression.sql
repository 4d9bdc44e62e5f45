select date_trunc('month', ordered_at) as order_month, count(*) as orders
from pos.orders
group by date_trunc('month', ordered_at)
