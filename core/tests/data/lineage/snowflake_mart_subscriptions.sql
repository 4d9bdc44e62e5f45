-- dialect: snowflake
select
  plan,
  count_if(ended_at is null) as active_subscriptions,
  sum(iff(ended_at is null, mrr, 0)) as active_mrr,
  avg(datediff('day', started_at, coalesce(ended_at, current_date()))) as avg_lifetime_days
from app.subscriptions
group by plan
