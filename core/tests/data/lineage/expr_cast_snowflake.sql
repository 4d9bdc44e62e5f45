-- dialect: snowflake
select
  order_id::varchar as order_key,
  amount::number(12, 2) as amount,
  try_cast(status as varchar(10)) as status_short,
  to_varchar(ordered_at, 'YYYY-MM-DD') as order_day
from pos.orders
