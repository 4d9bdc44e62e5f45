select customer_id, arg_max(status, ordered_at) as latest_status, max(ordered_at) as latest_at
from pos.orders
group by customer_id
