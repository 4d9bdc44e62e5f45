select
  subscription_id,
  plan,
  mrr,
  lead(mrr, 1, 0) over (partition by customer_id order by started_at) as next_mrr,
  mrr - lag(mrr, 1, 0) over (partition by customer_id order by started_at) as mrr_change
from app.subscriptions
