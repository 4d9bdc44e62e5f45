select
  c.customer_id,
  case when exists (select 1 from pos.orders o where o.customer_id = c.customer_id) then 'buyer' else 'prospect' end as segment
from crm.customers c
