with gaps as (
  select
    event_id,
    anonymous_id,
    page_url,
    tstamp,
    case
      when tstamp - lag(tstamp) over (partition by anonymous_id order by tstamp) <= interval '30 minutes' then 0
      else 1
    end as is_new_session
  from web.pageviews
),
numbered as (
  select
    *,
    sum(is_new_session) over (partition by anonymous_id order by tstamp rows between unbounded preceding and current row) as session_number
  from gaps
)
select
  event_id,
  anonymous_id || '-' || session_number as session_id,
  page_url,
  tstamp
from numbered
