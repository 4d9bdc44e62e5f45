select o.order_id, o.amount, v.customer_hk, v.name as customer_name
from pos.orders o
join vlt.vlt_obj_customer v
  on v.customer_id = o.customer_id
 and v.is_current
