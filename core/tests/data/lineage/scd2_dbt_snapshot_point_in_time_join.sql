select
  o.order_id,
  o.ordered_at,
  s.country as country_at_order,
  s.email as email_at_order
from pos.orders o
join snapshots.customers_snapshot s
  on s.customer_id = o.customer_id
 and o.ordered_at >= s.dbt_valid_from
 and o.ordered_at < coalesce(s.dbt_valid_to, timestamp '9999-12-31')
