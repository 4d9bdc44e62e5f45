select
  id as order_id,
  customer_id,
  financial_status,
  total_price,
  updated_at
from shopify.orders
where updated_at > (select coalesce(max(updated_at), '1900-01-01') from shopify.orders where financial_status = 'paid')
