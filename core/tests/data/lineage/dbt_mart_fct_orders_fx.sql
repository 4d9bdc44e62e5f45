select
  o.id as order_id,
  o.created_at::date as order_date,
  o.total_price,
  o.currency,
  o.total_price * fx.rate_to_usd as total_price_usd
from shopify.orders o
left join finance.fx_rates fx
  on fx.currency = o.currency
 and fx.rate_date = cast(o.created_at as date)
