select
  id as refund_id,
  created as refunded_at,
  created - interval '14 days' as window_start,
  date_trunc('day', created) + interval '1 day' as next_day
from stripe.refunds
