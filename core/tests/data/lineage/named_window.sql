select order_id, sum(amount) over w as running_total
from pos.orders
window w as (partition by customer_id order by ordered_at)
