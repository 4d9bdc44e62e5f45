-- dialect: snowflake
select
  order_id,
  decode(status, 'paid', 1, 'open', 2, 0) as status_code,
  nvl(amount, 0) as amount,
  nvl2(customer_id, 'known', 'anonymous') as customer_kind
from pos.orders
