select o.order_id, v.customer_hk, v.name
from pos.orders o
left join vlt.vlt_obj_customer v
  on v.customer_id = o.customer_id
 and o.ordered_at between v.valid_from and coalesce(v.valid_to, current_timestamp)
