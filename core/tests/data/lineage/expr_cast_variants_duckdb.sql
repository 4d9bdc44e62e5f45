select
  cast(order_id as varchar) as order_key,
  try_cast(amount as integer) as amount_int,
  ordered_at::date as order_date,
  status::varchar(20) as status_text
from pos.orders
