select customer_id, string_agg(status, ',' order by ordered_at) as statuses
from pos.orders
group by customer_id
