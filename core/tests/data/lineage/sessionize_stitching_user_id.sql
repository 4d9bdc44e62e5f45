-- dialect: snowflake
select
  event_id,
  anonymous_id,
  coalesce(
    user_id,
    last_value(user_id) ignore nulls over (partition by anonymous_id order by tstamp rows between unbounded preceding and unbounded following)
  ) as stitched_user_id,
  tstamp
from web.pageviews
