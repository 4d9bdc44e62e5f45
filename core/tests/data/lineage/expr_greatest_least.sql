select
  subscription_id,
  greatest(started_at, date '2024-01-01') as effective_start,
  least(coalesce(ended_at, date '2024-12-31'), date '2024-12-31') as effective_end
from app.subscriptions
