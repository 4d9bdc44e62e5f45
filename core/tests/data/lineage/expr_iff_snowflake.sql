-- dialect: snowflake
select
  subscription_id,
  iff(ended_at is null, 'active', 'churned') as subscription_status,
  iff(mrr > 100, mrr * 12, 0) as enterprise_arr
from app.subscriptions
