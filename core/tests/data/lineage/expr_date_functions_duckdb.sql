select
  order_id,
  date_trunc('week', ordered_at) as order_week,
  extract(year from ordered_at) as order_year,
  date_diff('day', ordered_at, current_date) as days_since_order,
  strftime(ordered_at, '%Y-%m') as order_month_label,
  ordered_at + interval 7 day as due_at
from pos.orders
