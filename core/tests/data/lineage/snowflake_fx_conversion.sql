-- dialect: snowflake
select
  o.id as order_id,
  o.total_price * coalesce(fx.rate_to_usd, 1) as total_price_usd
from shopify.orders o
left join finance.fx_rates fx
  on fx.currency = o.currency and fx.rate_date = o.created_at::date
