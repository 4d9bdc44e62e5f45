select customer_id, amount
from pos.orders
order by ordered_at desc
