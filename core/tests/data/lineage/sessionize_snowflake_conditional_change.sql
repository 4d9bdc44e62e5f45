-- dialect: snowflake
select
  event_id,
  anonymous_id,
  tstamp,
  conditional_true_event(
    datediff(minute, lag(tstamp) over (partition by anonymous_id order by tstamp), tstamp) > 30
  ) over (partition by anonymous_id order by tstamp) as session_index
from web.pageviews
