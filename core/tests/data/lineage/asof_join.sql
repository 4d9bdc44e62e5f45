-- dialect: snowflake
select o.order_id, c.valid_from
from pos.orders o
asof join vlt.vlt_obj_customer c
  match_condition (o.ordered_at >= c.valid_from)
  on o.customer_id = c.customer_id
