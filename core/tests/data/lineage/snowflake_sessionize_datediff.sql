-- dialect: snowflake
with gaps as (
  select
    event_id,
    anonymous_id,
    tstamp,
    iff(datediff('minute', lag(tstamp) over (partition by anonymous_id order by tstamp), tstamp) > 30, 1, 0) as is_new
  from web.pageviews
)
select
  event_id,
  anonymous_id,
  sum(is_new) over (partition by anonymous_id order by tstamp rows between unbounded preceding and current row) as session_number
from gaps
