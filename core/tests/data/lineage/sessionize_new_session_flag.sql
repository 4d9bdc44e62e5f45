with gaps as (
  select
    event_id,
    anonymous_id,
    tstamp,
    lag(tstamp) over (partition by anonymous_id order by tstamp) as previous_tstamp
  from web.pageviews
)
select
  event_id,
  anonymous_id,
  tstamp,
  case
    when previous_tstamp is null then 1
    when tstamp - previous_tstamp > interval '30 minutes' then 1
    else 0
  end as is_new_session
from gaps
