-- dialect: snowflake
select
  subscription_id,
  date_trunc('month', started_at) as start_month,
  last_day(started_at) as start_month_end,
  datediff('day', started_at, coalesce(ended_at, current_date())) as active_days,
  to_date(started_at) as start_date
from app.subscriptions
