select o.order_id, f.rate_to_usd, o.amount * f.rate_to_usd as amount_usd
from pos.orders o
join finance.fx_rates f
  on f.rate_date = date_trunc('day', o.ordered_at)
 and f.currency = 'EUR'
