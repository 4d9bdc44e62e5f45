select
  l.order_id,
  l.line_no,
  o.ordered_at,
  s.store_name,
  c.name as customer_name,
  l.quantity * l.unit_price as line_amount
from pos.order_lines l
join pos.orders o on o.order_id = l.order_id
join pos.stores s on s.store_id = o.store_id
left join crm.customers c on c.customer_id = o.customer_id
