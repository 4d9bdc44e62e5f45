select distinct
  customer_id,
  first_value(store_id) over (partition by customer_id order by ordered_at) as first_store_id,
  last_value(store_id) over (partition by customer_id order by ordered_at rows between unbounded preceding and unbounded following) as last_store_id
from pos.orders
