select
  id as payment_id,
  orderid as order_id,
  round(1.0 * amount / 100, 2) as amount_usd,
  created::date as created_date
from stripe.payments
